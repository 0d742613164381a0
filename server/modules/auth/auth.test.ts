import { eq } from 'drizzle-orm'
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { users } from '../../db/schema.js'
import { startTestApp, type TestApp } from '../../test/test-app.js'
import {
  API,
  assertProblem,
  createUser,
  GOOD_PASSWORD,
  logIn,
  signUp,
  uniqueEmail,
} from '../../test/factories.js'

let t: TestApp
before(async () => {
  t = await startTestApp()
})
after(() => t.close())

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

describe('POST /auth/signup', () => {
  test('creates an account and answers 201 with id, email and created_at only', async () => {
    const email = uniqueEmail('signup')
    const response = await signUp(t.app, email)
    assert.equal(response.statusCode, 201)
    const body = response.json()
    assert.deepEqual(Object.keys(body).sort(), ['created_at', 'email', 'id'])
    assert.match(body.id, UUID)
    assert.equal(body.email, email)
    assert.ok(!Number.isNaN(Date.parse(body.created_at)))
    assert.match(body.created_at, /Z$/)
    assert.equal(response.headers['cache-control'], 'no-store')
  })

  test('trims and lowercases the email', async () => {
    const local = uniqueEmail('Mixed').toUpperCase()
    const response = await signUp(t.app, `  ${local}  `)
    assert.equal(response.statusCode, 201)
    assert.equal(response.json().email, local.toLowerCase())
  })

  test('refuses an email already taken, whatever its case, with 409', async () => {
    const email = uniqueEmail('taken')
    assert.equal((await signUp(t.app, email)).statusCode, 201)
    assertProblem(await signUp(t.app, email.toUpperCase()), 409)
  })

  test('a race of simultaneous signups for one email yields one 201 and only 409s', async () => {
    const email = uniqueEmail('race')
    const responses = await Promise.all(Array.from({ length: 8 }, () => signUp(t.app, email)))
    const statuses = responses.map((response) => response.statusCode).sort()
    assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409, 409, 409])
  })

  for (const [label, payload, field] of [
    ['an invalid email', { email: 'not-an-email', password: GOOD_PASSWORD }, 'email'],
    ['an email with spaces inside', { email: 'a b@example.com', password: GOOD_PASSWORD }, 'email'],
    ['a 7-character password', { email: uniqueEmail(), password: 'Ab3$xyz' }, 'password'],
    [
      'a password over 72 UTF-8 bytes',
      { email: uniqueEmail(), password: 'é'.repeat(37) },
      'password',
    ],
    ['a common password', { email: uniqueEmail(), password: 'password123' }, 'password'],
    [
      'the email as password',
      { email: 'same-as-pw@example.com', password: 'same-as-pw@example.com' },
      'password',
    ],
    ['a missing password', { email: uniqueEmail() }, 'password'],
    ['a number as email', { email: 42, password: GOOD_PASSWORD }, 'email'],
    [
      'an unknown field',
      { email: uniqueEmail(), password: GOOD_PASSWORD, is_admin: true },
      'is_admin',
    ],
  ] as const) {
    test(`refuses ${label} with 422 naming the field`, async () => {
      const response = await t.app.inject({ method: 'POST', url: `${API}/auth/signup`, payload })
      const problem = assertProblem(response, 422)
      assert.ok(
        problem.errors?.some((error) => error.field === field),
        JSON.stringify(problem),
      )
    })
  }

  test('explains the 72-byte limit in the message', async () => {
    const response = await signUp(t.app, uniqueEmail(), 'ü'.repeat(40))
    assert.match(assertProblem(response, 422).detail, /72 bytes/)
  })

  test('accepts a password of exactly 72 bytes', async () => {
    assert.equal((await signUp(t.app, uniqueEmail(), 'ü'.repeat(36))).statusCode, 201)
  })

  test('answers unparseable JSON with 400 and a wrong content type with 415', async () => {
    const broken = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/signup`,
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    })
    assertProblem(broken, 400)
    const text = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/signup`,
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    })
    assertProblem(text, 415)
  })
})

describe('POST /auth/login', () => {
  test('returns a bearer token that expires in 7 days', async () => {
    const email = uniqueEmail('login')
    await signUp(t.app, email)
    const response = await logIn(t.app, email, GOOD_PASSWORD)
    assert.equal(response.statusCode, 200)
    const body = response.json()
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'token_type'])
    assert.equal(body.token_type, 'bearer')
    assert.equal(body.expires_in, 604800)
    const [header, payload] = body.access_token
      .split('.')
      .slice(0, 2)
      .map((part: string) => JSON.parse(Buffer.from(part, 'base64url').toString()))
    assert.equal(header.alg, 'HS256')
    assert.equal(payload.email, email)
    assert.match(payload.sub, UUID)
    assert.equal(payload.exp - payload.iat, 604800)
    assert.match(payload.jti, UUID)
    assert.equal(response.headers['cache-control'], 'no-store')
  })

  test('matches the email case-insensitively', async () => {
    const email = uniqueEmail('case')
    await signUp(t.app, email)
    assert.equal((await logIn(t.app, `  ${email.toUpperCase()} `, GOOD_PASSWORD)).statusCode, 200)
  })

  test('accepts the OAuth2 password form (username + password)', async () => {
    const email = uniqueEmail('form')
    await signUp(t.app, email)
    const response = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/login`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: 'password',
        username: email,
        password: GOOD_PASSWORD,
        scope: '',
      }).toString(),
    })
    assert.equal(response.statusCode, 200, response.body)
    assert.equal(response.json().token_type, 'bearer')
  })

  test('answers unknown email and wrong password identically', async () => {
    const email = uniqueEmail('same')
    await signUp(t.app, email)
    const wrongPassword = await logIn(t.app, email, 'not-the-password-at-all')
    const unknownEmail = await logIn(t.app, uniqueEmail('nobody'), GOOD_PASSWORD)
    const strip = (body: Record<string, unknown>) => ({ ...body, request_id: undefined })
    assertProblem(wrongPassword, 401)
    assertProblem(unknownEmail, 401)
    assert.deepEqual(strip(wrongPassword.json()), strip(unknownEmail.json()))
    assert.equal(
      wrongPassword.headers['www-authenticate'],
      unknownEmail.headers['www-authenticate'],
    )
  })

  test('refuses a password that matches only in its first 72 bytes', async () => {
    const email = uniqueEmail('trunc')
    const password = 'x'.repeat(72)
    await signUp(t.app, email, password)
    assert.equal((await logIn(t.app, email, password)).statusCode, 200)
    assertProblem(await logIn(t.app, email, `${password}tail`), 401)
  })

  test('answers malformed bodies with 422', async () => {
    for (const payload of [
      { email: 'a@b.co' },
      { email: 'a@b.co', password: 5 },
      { email: 'a@b.co', password: 'x', extra: 1 },
    ]) {
      assertProblem(await t.app.inject({ method: 'POST', url: `${API}/auth/login`, payload }), 422)
    }
  })
})

describe('GET /auth/me', () => {
  test('returns the user of the token', async () => {
    const user = await createUser(t.app)
    const response = await t.app.inject({
      method: 'GET',
      url: `${API}/auth/me`,
      headers: user.auth,
    })
    assert.equal(response.statusCode, 200)
    assert.deepEqual(Object.keys(response.json()).sort(), ['created_at', 'email', 'id'])
    assert.equal(response.json().id, user.id)
  })

  test('answers 401 with WWW-Authenticate: Bearer without a token', async () => {
    assertProblem(await t.app.inject({ method: 'GET', url: `${API}/auth/me` }), 401)
  })
})

describe('legacy password hashes (original Python service, passlib)', () => {
  // Made with libxcrypt's bcrypt, an implementation independent of ours, in each prefix variant
  // passlib and other libraries write. Password: legacy-Passw0rd-ünïcode
  const password = 'legacy-Passw0rd-ünïcode'
  const hashes = {
    '2a': '$2a$05$abcdefghijklmnopqrstuuEAS/uPchmSoCIiLk9gOO3rCQPwGT.s.',
    '2b': '$2b$05$abcdefghijklmnopqrstuuEAS/uPchmSoCIiLk9gOO3rCQPwGT.s.',
    '2y': '$2y$05$abcdefghijklmnopqrstuuEAS/uPchmSoCIiLk9gOO3rCQPwGT.s.',
  }
  for (const [variant, hash] of Object.entries(hashes)) {
    test(`a user whose stored hash is $${variant}$ can log in`, async () => {
      const email = uniqueEmail(`legacy-${variant}`)
      const db = t.testDatabase.database.db
      await db.insert(users).values({ email, passwordHash: hash })
      assertProblem(await logIn(t.app, email, 'wrong-password-here'), 401)
      const response = await logIn(t.app, email, password)
      assert.equal(response.statusCode, 200, response.body)
      const [row] = await db.select().from(users).where(eq(users.email, email))
      // Rewritten in the native library's own variant while the password was at hand.
      assert.match(row!.passwordHash, /^\$2b\$/)
      assert.equal((await logIn(t.app, email, password)).statusCode, 200)
    })
  }
})
