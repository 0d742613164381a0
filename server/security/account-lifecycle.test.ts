// The controls a user has over their own account: sign out everywhere, change the password, change
// the email, delete the account. Each needs proof (a token, and the current password where it
// matters), does exactly what it says, and nothing for anyone else.
import { eq } from 'drizzle-orm'
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { tasks, users } from '../db/schema.js'
import {
  API,
  assertProblem,
  createTask,
  createUser,
  GOOD_PASSWORD,
  logIn,
  signUp,
  uniqueEmail,
  type TestUser,
} from '../test/factories.js'
import { startTestApp, type TestApp } from '../test/test-app.js'

let t: TestApp
before(async () => {
  t = await startTestApp()
})
after(() => t.close())

const NEW_PASSWORD = 'quiet-lantern-orbit-58'

const me = (token: string) =>
  t.app.inject({
    method: 'GET',
    url: `${API}/auth/me`,
    headers: { authorization: `Bearer ${token}` },
  })

function eventsOf(userId: string): string[] {
  return t.logs
    .map((line) => JSON.parse(line))
    .filter((entry) => entry.user_id === userId && entry.security_event)
    .map((entry) => entry.security_event)
}

function cookieCleared(setCookie: string | string[] | undefined): boolean {
  return [setCookie ?? []]
    .flat()
    .some((cookie) => /^app_session=;/.test(cookie) && /Expires=Thu, 01 Jan 1970/i.test(cookie))
}

describe('every account route needs a token', () => {
  for (const [method, url, payload] of [
    ['POST', '/auth/logout-all', undefined],
    ['POST', '/auth/password', { current_password: GOOD_PASSWORD, new_password: NEW_PASSWORD }],
    ['PATCH', '/auth/me', { email: 'x@example.com', current_password: GOOD_PASSWORD }],
    ['DELETE', '/auth/me', { password: GOOD_PASSWORD }],
  ] as const) {
    test(`${method} ${url} without a token is 401`, async () => {
      const response = await t.app.inject({
        method,
        url: `${API}${url}`,
        ...(payload ? { payload } : {}),
      })
      assertProblem(response, 401)
    })
  }
})

describe('POST /auth/logout-all', () => {
  test('revokes every earlier token; signing in again works', async () => {
    const user = await createUser(t.app, 'logout')
    const other = (await logIn(t.app, user.email, GOOD_PASSWORD)).json().access_token
    const response = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/logout-all`,
      headers: user.auth,
    })
    assert.equal(response.statusCode, 204)
    assert.equal(response.body, '')
    assert.ok(cookieCleared(response.headers['set-cookie']), 'the session cookie is cleared')
    assertProblem(await me(user.token), 401)
    assertProblem(await me(other), 401)

    const fresh = (await logIn(t.app, user.email, GOOD_PASSWORD)).json().access_token
    assert.equal((await me(fresh)).statusCode, 200)
    assert.ok(eventsOf(user.id).includes('logout_all'))
  })

  test("does not touch another user's sessions", async () => {
    const user = await createUser(t.app, 'logout-a')
    const bystander = await createUser(t.app, 'logout-b')
    await t.app.inject({ method: 'POST', url: `${API}/auth/logout-all`, headers: user.auth })
    assert.equal((await me(bystander.token)).statusCode, 200)
  })
})

describe('POST /auth/password', () => {
  const change = (user: TestUser, payload: object, headers: Record<string, string> = user.auth) =>
    t.app.inject({ method: 'POST', url: `${API}/auth/password`, headers, payload })

  test('changes the password and returns a fresh token; the old password stops working', async () => {
    const user = await createUser(t.app, 'pw')
    const response = await change(user, {
      current_password: GOOD_PASSWORD,
      new_password: NEW_PASSWORD,
    })
    assert.equal(response.statusCode, 200, response.body)
    assert.deepEqual(Object.keys(response.json()).sort(), [
      'access_token',
      'expires_in',
      'token_type',
    ])
    assert.equal(response.headers['cache-control'], 'no-store')
    assert.equal((await me(response.json().access_token)).statusCode, 200)
    assertProblem(await me(user.token), 401)
    assertProblem(await logIn(t.app, user.email, GOOD_PASSWORD), 401)
    assert.equal((await logIn(t.app, user.email, NEW_PASSWORD)).statusCode, 200)
    assert.ok(eventsOf(user.id).includes('password_changed'))
  })

  test('a wrong or missing current password is a 422 and changes nothing', async () => {
    const user = await createUser(t.app, 'pw-wrong')
    for (const payload of [
      { current_password: 'not-my-password', new_password: NEW_PASSWORD },
      { new_password: NEW_PASSWORD },
    ]) {
      const problem = assertProblem(await change(user, payload), 422)
      assert.ok(problem.errors?.some((error) => error.field === 'current_password'))
    }
    assert.equal((await me(user.token)).statusCode, 200)
    assert.equal((await logIn(t.app, user.email, GOOD_PASSWORD)).statusCode, 200)
  })

  test('the new password follows the same rules as at signup', async () => {
    const user = await createUser(t.app, 'pw-rules')
    for (const newPassword of [
      'short',
      'ü'.repeat(37),
      'password123',
      'Qwerty123',
      user.email,
      user.email.toUpperCase(),
      user.email.split('@')[0]!,
    ]) {
      const response = await change(user, {
        current_password: GOOD_PASSWORD,
        new_password: newPassword,
      })
      const problem = assertProblem(response, 422)
      assert.ok(
        problem.errors?.some((error) => error.field === 'new_password'),
        `${newPassword}: ${response.body}`,
      )
    }
    // Refusals changed nothing.
    assert.equal((await me(user.token)).statusCode, 200)
    assert.equal((await logIn(t.app, user.email, GOOD_PASSWORD)).statusCode, 200)
  })

  test('a browser signed in by cookie gets its cookie renewed', async () => {
    const user = await createUser(t.app, 'pw-cookie')
    const response = await change(
      user,
      { current_password: GOOD_PASSWORD, new_password: NEW_PASSWORD },
      { cookie: `app_session=${user.token}`, origin: 'http://localhost:80' },
    )
    assert.equal(response.statusCode, 200, response.body)
    const cookie = [response.headers['set-cookie'] ?? []]
      .flat()
      .find((c) => c.startsWith('app_session='))
    assert.ok(cookie, 'a new session cookie is set')
    assert.ok(cookie.includes(response.json().access_token))
    assert.match(cookie, /HttpOnly/)
  })
})

describe('PATCH /auth/me (change email)', () => {
  const changeEmail = (user: TestUser, email: string, currentPassword = GOOD_PASSWORD) =>
    t.app.inject({
      method: 'PATCH',
      url: `${API}/auth/me`,
      headers: user.auth,
      payload: { email, current_password: currentPassword },
    })

  test('changes the email (stored trimmed and lowercased); sign-in uses the new one', async () => {
    const user = await createUser(t.app, 'email')
    const next = uniqueEmail('renamed')
    const response = await changeEmail(user, `  ${next.toUpperCase()} `)
    assert.equal(response.statusCode, 200, response.body)
    assert.deepEqual(response.json(), { ...(await me(user.token)).json(), email: next })
    assert.equal(response.headers['cache-control'], 'no-store')
    assert.equal((await logIn(t.app, next, GOOD_PASSWORD)).statusCode, 200)
    assertProblem(await logIn(t.app, user.email, GOOD_PASSWORD), 401)
    assert.ok(eventsOf(user.id).includes('email_changed'))
  })

  test("another account's email, in any case, is a 409 as at signup", async () => {
    const user = await createUser(t.app, 'email-a')
    const taken = await createUser(t.app, 'email-b')
    for (const email of [taken.email, taken.email.toUpperCase(), ` ${taken.email} `]) {
      assertProblem(await changeEmail(user, email), 409)
    }
    assert.equal((await me(user.token)).json().email, user.email)
  })

  test('a wrong password or an invalid email is a 422 and changes nothing', async () => {
    const user = await createUser(t.app, 'email-bad')
    const wrong = assertProblem(await changeEmail(user, uniqueEmail(), 'not-my-password'), 422)
    assert.ok(wrong.errors?.some((error) => error.field === 'current_password'))
    const invalid = assertProblem(await changeEmail(user, 'not an email'), 422)
    assert.ok(invalid.errors?.some((error) => error.field === 'email'))
    assert.equal((await me(user.token)).json().email, user.email)
  })
})

describe('DELETE /auth/me', () => {
  const remove = (user: TestUser, password: string) =>
    t.app.inject({
      method: 'DELETE',
      url: `${API}/auth/me`,
      headers: user.auth,
      payload: { password },
    })
  const db = () => t.testDatabase.database.db

  test('deletes the account and all its tasks; its tokens stop working at once', async () => {
    const user = await createUser(t.app, 'delete')
    const bystander = await createUser(t.app, 'delete-bystander')
    for (let i = 0; i < 3; i++) await createTask(t.app, user, { title: `mine ${i}` })
    const kept = await createTask(t.app, bystander, { title: 'not theirs' })
    const other = (await logIn(t.app, user.email, GOOD_PASSWORD)).json().access_token

    const response = await remove(user, GOOD_PASSWORD)
    assert.equal(response.statusCode, 204)
    assert.ok(cookieCleared(response.headers['set-cookie']))

    assert.deepEqual(await db().select().from(users).where(eq(users.id, user.id)), [])
    assert.deepEqual(await db().select().from(tasks).where(eq(tasks.userId, user.id)), [])
    assertProblem(await me(user.token), 401)
    assertProblem(await me(other), 401)
    assertProblem(await logIn(t.app, user.email, GOOD_PASSWORD), 401)
    assert.ok(eventsOf(user.id).includes('account_deleted'))

    const survivor = await t.app.inject({
      method: 'GET',
      url: `${API}/tasks/${kept.id}`,
      headers: bystander.auth,
    })
    assert.equal(survivor.statusCode, 200)
    // The address is free again.
    assert.equal((await signUp(t.app, user.email)).statusCode, 201)
  })

  test('a wrong or missing password is a 422 and deletes nothing', async () => {
    const user = await createUser(t.app, 'delete-wrong')
    await createTask(t.app, user)
    const wrong = assertProblem(await remove(user, 'not-my-password'), 422)
    assert.ok(wrong.errors?.some((error) => error.field === 'password'))
    const missing = await t.app.inject({
      method: 'DELETE',
      url: `${API}/auth/me`,
      headers: user.auth,
      payload: {},
    })
    assertProblem(missing, 422)
    assert.equal((await me(user.token)).statusCode, 200)
    assert.equal((await db().select().from(tasks).where(eq(tasks.userId, user.id))).length, 1)
  })

  test('a cookie-signed request from another site is refused (403) and deletes nothing', async () => {
    const user = await createUser(t.app, 'delete-csrf')
    const response = await t.app.inject({
      method: 'DELETE',
      url: `${API}/auth/me`,
      headers: { cookie: `app_session=${user.token}`, origin: 'https://evil.example' },
      payload: { password: GOOD_PASSWORD },
    })
    assertProblem(response, 403)
    assert.equal((await me(user.token)).statusCode, 200)
  })
})
