// Abuse limits on sign-in and sign-up, in one process (the in-memory store). The Redis-backed store
// shared by several instances has its own file: multi-instance-limits.test.ts.
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import assert from 'node:assert/strict'
import { randomInt } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import {
  API,
  assertProblem,
  createUser,
  GOOD_PASSWORD,
  uniqueEmail,
  type TestUser,
} from '../test/factories.js'
import { startTestApp, type TestApp } from '../test/test-app.js'

/** A documentation-range address (RFC 5737) no other test uses, so each test has its own budget. */
const freshAddress = () => `198.51.100.${randomInt(1, 255)}`
let addressCounter = 0
const uniqueAddress = () => `203.0.113.${++addressCounter}`

const login = (
  app: TestApp,
  email: string,
  password: string,
  extra: Partial<InjectOptions> = {},
): Promise<LightMyRequestResponse> =>
  app.app.inject({
    method: 'POST',
    url: `${API}/auth/login`,
    payload: { email, password },
    ...extra,
  })

function assertTooMany(response: LightMyRequestResponse, maxRetryAfter: number) {
  const problem = assertProblem(response, 429)
  const retryAfter = Number(response.headers['retry-after'])
  assert.ok(
    Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= maxRetryAfter,
    `Retry-After: ${response.headers['retry-after']}`,
  )
  return problem
}

describe('per client address (AUTH_RATE_LIMIT_PER_IP)', () => {
  const LIMIT = 5
  let t: TestApp
  let user: TestUser
  before(async () => {
    t = await startTestApp({ AUTH_RATE_LIMIT_PER_IP: String(LIMIT) })
    user = await createUser(t.app)
  })
  after(() => t.close())

  test('the request past the limit gets 429 with Retry-After, whatever the outcome of the others', async () => {
    const remoteAddress = uniqueAddress()
    const statuses = []
    // Successes and failures, sign-ups and sign-ins all count.
    for (const request of [
      () => login(t, user.email, GOOD_PASSWORD, { remoteAddress }),
      () => login(t, user.email, 'wrong-password-1', { remoteAddress }),
      () => login(t, uniqueEmail('nobody'), GOOD_PASSWORD, { remoteAddress }),
      () =>
        t.app.inject({
          method: 'POST',
          url: `${API}/auth/signup`,
          payload: { email: uniqueEmail(), password: GOOD_PASSWORD },
          remoteAddress,
        }),
      () =>
        t.app.inject({
          method: 'POST',
          url: `${API}/auth/session`,
          payload: { email: user.email, password: GOOD_PASSWORD },
          remoteAddress,
        }),
    ]) {
      statuses.push((await request()).statusCode)
    }
    assert.deepEqual(statuses, [200, 401, 401, 201, 200])
    const blocked = await login(t, user.email, GOOD_PASSWORD, { remoteAddress })
    assert.match(assertTooMany(blocked, 60).detail, /Too many sign-in requests/)
    const signup = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/signup`,
      payload: { email: uniqueEmail(), password: GOOD_PASSWORD },
      remoteAddress,
    })
    assertTooMany(signup, 60)
  })

  test('another address is not affected', async () => {
    const noisy = uniqueAddress()
    for (let i = 0; i <= LIMIT; i++)
      await login(t, user.email, 'wrong-password', { remoteAddress: noisy })
    assertTooMany(await login(t, user.email, GOOD_PASSWORD, { remoteAddress: noisy }), 60)
    const quiet = await login(t, user.email, GOOD_PASSWORD, { remoteAddress: uniqueAddress() })
    assert.equal(quiet.statusCode, 200)
  })

  test('without TRUST_PROXY, X-Forwarded-For is ignored and cannot buy a fresh budget', async () => {
    const remoteAddress = uniqueAddress()
    for (let i = 0; i < LIMIT; i++) {
      await login(t, user.email, GOOD_PASSWORD, {
        remoteAddress,
        headers: { 'x-forwarded-for': freshAddress() },
      })
    }
    const spoofed = await login(t, user.email, GOOD_PASSWORD, {
      remoteAddress,
      headers: { 'x-forwarded-for': freshAddress() },
    })
    assertTooMany(spoofed, 60)
  })

  test('requests that are not sign-ins (reading tasks, /auth/me) are not counted', async () => {
    const remoteAddress = uniqueAddress()
    for (let i = 0; i < LIMIT * 3; i++) {
      const me = await t.app.inject({
        method: 'GET',
        url: `${API}/auth/me`,
        headers: user.auth,
        remoteAddress,
      })
      assert.equal(me.statusCode, 200)
    }
    assert.equal((await login(t, user.email, GOOD_PASSWORD, { remoteAddress })).statusCode, 200)
  })
})

describe('behind a proxy (TRUST_PROXY)', () => {
  const LIMIT = 3
  let everyHop: TestApp
  let oneHop: TestApp
  let user: TestUser
  before(async () => {
    everyHop = await startTestApp({ AUTH_RATE_LIMIT_PER_IP: String(LIMIT), TRUST_PROXY: 'true' })
    oneHop = await startTestApp({ AUTH_RATE_LIMIT_PER_IP: String(LIMIT), TRUST_PROXY: '1' })
    user = await createUser(everyHop.app)
  })
  after(async () => {
    await everyHop.close()
    await oneHop.close()
  })

  test('each client behind the proxy has its own budget, keyed by X-Forwarded-For', async () => {
    const proxy = uniqueAddress()
    const client = freshAddress()
    for (let i = 0; i < LIMIT; i++) {
      await login(everyHop, user.email, 'wrong', {
        remoteAddress: proxy,
        headers: { 'x-forwarded-for': client },
      })
    }
    const sameClient = await login(everyHop, user.email, GOOD_PASSWORD, {
      remoteAddress: proxy,
      headers: { 'x-forwarded-for': client },
    })
    assertTooMany(sameClient, 60)
    const otherClient = await login(everyHop, user.email, GOOD_PASSWORD, {
      remoteAddress: proxy,
      headers: { 'x-forwarded-for': `10.${randomInt(0, 255)}.${randomInt(0, 255)}.1` },
    })
    assert.equal(otherClient.statusCode, 200)
  })

  test('the client address is the one in security events', async () => {
    const client = `192.0.2.${randomInt(1, 255)}`
    const response = await login(everyHop, user.email, 'wrong-password', {
      remoteAddress: uniqueAddress(),
      headers: { 'x-forwarded-for': client },
    })
    const requestId = String(response.headers['x-request-id'])
    const event = everyHop.logs
      .map((line) => JSON.parse(line))
      .find((entry) => entry.request_id === requestId && entry.security_event === 'login_failed')
    assert.equal(event?.ip, client)
  })

  test('with a hop count, each client behind the proxy has its own budget', async () => {
    const proxy = uniqueAddress()
    const first = freshAddress()
    for (let i = 0; i < LIMIT; i++) {
      await login(oneHop, uniqueEmail(), 'wrong', {
        remoteAddress: proxy,
        headers: { 'x-forwarded-for': first },
      })
    }
    const again = await login(oneHop, uniqueEmail(), 'wrong', {
      remoteAddress: proxy,
      headers: { 'x-forwarded-for': first },
    })
    assertTooMany(again, 60)
    const second = await login(oneHop, uniqueEmail(), 'wrong', {
      remoteAddress: proxy,
      headers: { 'x-forwarded-for': `192.0.2.${randomInt(1, 255)}` },
    })
    assert.equal(second.statusCode, 401)
  })

  test('with a hop count, addresses a client prepends to X-Forwarded-For are not trusted', async () => {
    const realClient = `172.16.${randomInt(0, 255)}.${randomInt(1, 255)}`
    const proxy = uniqueAddress()
    // The proxy appends the address it saw; everything before it came from the client.
    const forwarded = () => `${freshAddress()}, 10.0.0.${randomInt(1, 255)}, ${realClient}`
    for (let i = 0; i < LIMIT; i++) {
      await login(oneHop, uniqueEmail(), 'wrong', {
        remoteAddress: proxy,
        headers: { 'x-forwarded-for': forwarded() },
      })
    }
    const blocked = await login(oneHop, uniqueEmail(), 'wrong', {
      remoteAddress: proxy,
      headers: { 'x-forwarded-for': forwarded() },
    })
    assertTooMany(blocked, 60)
    const event = oneHop.logs
      .map((line) => JSON.parse(line))
      .findLast((entry) => entry.security_event === 'login_failed')
    assert.equal(event?.ip, realClient)
  })
})

describe('per account (AUTH_FAILURES_PER_EMAIL)', () => {
  const FAILURES = 3
  const WINDOW_SECONDS = 900
  let t: TestApp
  before(async () => {
    t = await startTestApp({
      AUTH_FAILURES_PER_EMAIL: String(FAILURES),
      AUTH_FAILURE_WINDOW_SECONDS: String(WINDOW_SECONDS),
    })
  })
  after(() => t.close())

  test('after the allowed failures even the right password gets 429 with Retry-After', async () => {
    const user = await createUser(t.app, 'locked')
    for (let i = 0; i < FAILURES; i++) {
      assertProblem(
        await login(t, user.email, `wrong-${i}`, { remoteAddress: uniqueAddress() }),
        401,
      )
    }
    const locked = await login(t, user.email, GOOD_PASSWORD, { remoteAddress: uniqueAddress() })
    const problem = assertTooMany(locked, WINDOW_SECONDS)
    assert.ok(Number(locked.headers['retry-after']) > WINDOW_SECONDS - 60)
    assert.match(problem.detail, /Too many failed sign-in attempts/)
    // The browser sign-in and the OAuth2 form are the same account, so they are locked too.
    const session = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/session`,
      payload: { email: user.email, password: GOOD_PASSWORD },
    })
    assertTooMany(session, WINDOW_SECONDS)
    const form = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/login`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ username: user.email, password: GOOD_PASSWORD }).toString(),
    })
    assertTooMany(form, WINDOW_SECONDS)
  })

  test("one account's lockout never blocks another account's login from the same address", async () => {
    const locked = await createUser(t.app, 'locked')
    const bystander = await createUser(t.app, 'bystander')
    const remoteAddress = uniqueAddress()
    for (let i = 0; i <= FAILURES; i++) await login(t, locked.email, 'wrong', { remoteAddress })
    assertTooMany(await login(t, locked.email, GOOD_PASSWORD, { remoteAddress }), WINDOW_SECONDS)
    assert.equal(
      (await login(t, bystander.email, GOOD_PASSWORD, { remoteAddress })).statusCode,
      200,
    )
  })

  test('an unknown email locks exactly like a real one, so a lockout reveals nothing', async () => {
    const real = await createUser(t.app, 'real')
    const unknown = uniqueEmail('unknown')
    const answers = []
    for (const email of [real.email, unknown]) {
      for (let i = 0; i < FAILURES; i++) await login(t, email, 'wrong')
      answers.push(await login(t, email, 'wrong'))
    }
    const [forReal, forUnknown] = answers as [LightMyRequestResponse, LightMyRequestResponse]
    assertTooMany(forReal, WINDOW_SECONDS)
    assertTooMany(forUnknown, WINDOW_SECONDS)
    const strip = (body: Record<string, unknown>) => ({ ...body, request_id: undefined })
    assert.deepEqual(strip(forReal.json()), strip(forUnknown.json()))
  })

  test('a successful login resets the failure count', async () => {
    const user = await createUser(t.app, 'reset')
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < FAILURES - 1; i++) assertProblem(await login(t, user.email, 'wrong'), 401)
      assert.equal((await login(t, user.email, GOOD_PASSWORD)).statusCode, 200)
    }
    for (let i = 0; i < FAILURES; i++) assertProblem(await login(t, user.email, 'wrong'), 401)
    assertTooMany(await login(t, user.email, GOOD_PASSWORD), WINDOW_SECONDS)
  })

  test('spellings of one email (case, spaces, the form username) share one count', async () => {
    const user = await createUser(t.app, 'spelling')
    await login(t, user.email.toUpperCase(), 'wrong')
    await login(t, `  ${user.email}  `, 'wrong')
    await t.app.inject({
      method: 'POST',
      url: `${API}/auth/login`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ username: user.email, password: 'wrong' }).toString(),
    })
    assertTooMany(await login(t, user.email, GOOD_PASSWORD), WINDOW_SECONDS)
  })

  test('a burst of parallel guesses gets no more than the allowed number of tries', async () => {
    const user = await createUser(t.app, 'burst')
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        login(t, user.email, `guess-${i}`, { remoteAddress: uniqueAddress() }),
      ),
    )
    const statuses = responses.map((response) => response.statusCode).sort()
    assert.deepEqual(statuses, [
      ...Array.from({ length: FAILURES }, () => 401),
      ...Array.from({ length: 20 - FAILURES }, () => 429),
    ])
  })

  test('wrong current passwords on account changes count toward the same lockout', async () => {
    const user = await createUser(t.app, 'confirm')
    const attempts = [
      {
        method: 'POST',
        url: '/auth/password',
        payload: { current_password: 'wrong', new_password: 'fresh-passphrase-91' },
      },
      {
        method: 'PATCH',
        url: '/auth/me',
        payload: { email: uniqueEmail(), current_password: 'wrong' },
      },
      { method: 'DELETE', url: '/auth/me', payload: { password: 'wrong' } },
    ] as const
    for (const attempt of attempts) {
      const response = await t.app.inject({
        ...attempt,
        url: `${API}${attempt.url}`,
        headers: user.auth,
      })
      assertProblem(response, 422)
    }
    // Now locked: the right password no longer gets through, on any of these routes or at login.
    for (const attempt of attempts) {
      const withRightPassword = JSON.parse(
        JSON.stringify(attempt.payload).replaceAll('"wrong"', JSON.stringify(GOOD_PASSWORD)),
      )
      const response = await t.app.inject({
        method: attempt.method,
        url: `${API}${attempt.url}`,
        headers: user.auth,
        payload: withRightPassword,
      })
      assertTooMany(response, WINDOW_SECONDS)
    }
    assertTooMany(await login(t, user.email, GOOD_PASSWORD), WINDOW_SECONDS)
    // Nothing changed while locked: the account and its password are as they were.
    const me = await t.app.inject({ method: 'GET', url: `${API}/auth/me`, headers: user.auth })
    assert.equal(me.json().email, user.email)
  })

  test('the lockout is logged once as account_locked, with user id and address', async () => {
    const user = await createUser(t.app, 'event')
    const remoteAddress = uniqueAddress()
    for (let i = 0; i <= FAILURES; i++) await login(t, user.email, 'wrong', { remoteAddress })
    const events = t.logs
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.user_id === user.id && entry.security_event)
    assert.deepEqual(
      events.map((entry) => entry.security_event),
      [
        'signup',
        'login_succeeded',
        ...Array.from({ length: FAILURES - 1 }, () => 'login_failed'),
        'account_locked',
      ],
    )
    assert.equal(events.at(-1).ip, remoteAddress)
  })
})

describe('the lockout ends with its window (AUTH_FAILURE_WINDOW_SECONDS)', () => {
  let t: TestApp
  before(async () => {
    t = await startTestApp({ AUTH_FAILURES_PER_EMAIL: '2', AUTH_FAILURE_WINDOW_SECONDS: '1' })
  })
  after(() => t.close())

  test('after the window the right password works again', async () => {
    const user = await createUser(t.app, 'window')
    await login(t, user.email, 'wrong')
    await login(t, user.email, 'wrong')
    const locked = await login(t, user.email, GOOD_PASSWORD)
    assertTooMany(locked, 1)
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    assert.equal((await login(t, user.email, GOOD_PASSWORD)).statusCode, 200)
  })
})
