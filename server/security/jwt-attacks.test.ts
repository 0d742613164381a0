// Forged, altered, expired, revoked and misplaced tokens. Each is refused with 401 problem+json and
// WWW-Authenticate, on a read and on a write, and never reveals or changes anything.
import type { InjectOptions } from 'fastify'
import assert from 'node:assert/strict'
import { createHmac, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import {
  API,
  assertProblem,
  createTask,
  createUser,
  GOOD_PASSWORD,
  type TestUser,
} from '../test/factories.js'
import { listenOnLoopback, rawExchange } from '../test/loopback.js'
import { startSiblingApp, startTestApp, TEST_JWT_SECRET, type TestApp } from '../test/test-app.js'

let t: TestApp
let user: TestUser
let other: TestUser

before(async () => {
  t = await startTestApp()
  user = await createUser(t.app, 'jwt')
  other = await createUser(t.app, 'jwt-other')
  await createTask(t.app, user, { title: 'mine' })
})
after(() => t.close())

const base64url = (value: object | string) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url')
const now = () => Math.floor(Date.now() / 1000)

function claimsFor(target: TestUser, extra: Record<string, unknown> = {}) {
  return {
    sub: target.id,
    email: target.email,
    ver: 0,
    iat: now(),
    exp: now() + 3600,
    jti: randomUUID(),
    ...extra,
  }
}

/** A JWT signed with HMAC; the header and payload are taken as given, however wrong. */
function hmacToken(
  header: object,
  payload: object,
  secret: string = TEST_JWT_SECRET,
  hash: 'sha256' | 'sha384' | 'sha512' = 'sha256',
) {
  const input = `${base64url(header)}.${base64url(payload)}`
  return `${input}.${createHmac(hash, secret).update(input).digest('base64url')}`
}

const HS256 = { alg: 'HS256', typ: 'JWT' }

function parts(token: string) {
  const [header, payload, signature] = token.split('.')
  return {
    header: JSON.parse(Buffer.from(header!, 'base64url').toString()),
    payload: JSON.parse(Buffer.from(payload!, 'base64url').toString()),
    signature: signature!,
  }
}

async function assertRefused(token: string, label: string) {
  for (const [method, url] of [
    ['GET', '/auth/me'],
    ['GET', '/tasks'],
    ['POST', '/tasks'],
  ] as const) {
    const response = await t.app.inject({
      method,
      url: `${API}${url}`,
      headers: { authorization: `Bearer ${token}` },
      ...(method === 'POST' ? { payload: { title: 'forged' } } : {}),
    })
    assertProblem(response, 401)
    assert.match(
      String(response.headers['www-authenticate']),
      /error="invalid_token"/,
      `${label}: ${method} ${url}`,
    )
    assert.doesNotMatch(response.body, new RegExp(user.email), label)
  }
}

test('a token forged with the real secret and the right claims works (the forgery helper is sound)', async () => {
  const response = await t.app.inject({
    method: 'GET',
    url: `${API}/auth/me`,
    headers: { authorization: `Bearer ${hmacToken(HS256, claimsFor(user))}` },
  })
  assert.equal(response.statusCode, 200, response.body)
  assert.equal(response.json().id, user.id)
})

describe('algorithm attacks', () => {
  for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
    test(`alg "${alg}" is refused, with or without a signature part`, async () => {
      const unsigned = `${base64url({ alg, typ: 'JWT' })}.${base64url(claimsFor(user))}`
      await assertRefused(`${unsigned}.`, `alg ${alg}, empty signature`)
      await assertRefused(unsigned, `alg ${alg}, two parts`)
      // The signature of a genuine token pasted onto the unsigned one.
      await assertRefused(`${unsigned}.${parts(user.token).signature}`, `alg ${alg}, stolen sig`)
    })
  }

  test('a header without alg, or with an empty one, is refused', async () => {
    await assertRefused(hmacToken({ typ: 'JWT' }, claimsFor(user)), 'no alg')
    await assertRefused(hmacToken({ alg: '', typ: 'JWT' }, claimsFor(user)), 'empty alg')
  })

  test('HS384 and HS512 signed with the real secret are refused (HS256 only)', async () => {
    await assertRefused(
      hmacToken({ alg: 'HS384' }, claimsFor(user), TEST_JWT_SECRET, 'sha384'),
      'HS384',
    )
    await assertRefused(
      hmacToken({ alg: 'HS512' }, claimsFor(user), TEST_JWT_SECRET, 'sha512'),
      'HS512',
    )
  })

  test('RS256 and ES256 tokens are refused, including HMAC with the secret posing as RS256', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const asymmetric = (alg: string, key: KeyObject, options: object = {}) => {
      const input = `${base64url({ alg, typ: 'JWT' })}.${base64url(claimsFor(user))}`
      return `${input}.${sign('sha256', Buffer.from(input), { key, ...options }).toString('base64url')}`
    }
    await assertRefused(asymmetric('RS256', rsa.privateKey), 'RS256')
    await assertRefused(asymmetric('ES256', ec.privateKey, { dsaEncoding: 'ieee-p1363' }), 'ES256')
    await assertRefused(hmacToken({ alg: 'RS256' }, claimsFor(user)), 'HMAC posing as RS256')
  })

  test('a key embedded in the header (jwk, jku, kid) is ignored', async () => {
    const attackerSecret = 'attacker-chosen-secret-that-is-long-enough-0123456789'
    const jwk = { kty: 'oct', k: Buffer.from(attackerSecret).toString('base64url') }
    await assertRefused(hmacToken({ ...HS256, jwk }, claimsFor(user), attackerSecret), 'jwk')
    await assertRefused(
      hmacToken({ ...HS256, jku: 'https://evil.example/keys' }, claimsFor(user), attackerSecret),
      'jku',
    )
    await assertRefused(
      hmacToken({ ...HS256, kid: '../../dev/null' }, claimsFor(user), ''),
      'kid path and empty key',
    )
  })

  test('an unencoded payload (b64: false, crit) is refused', async () => {
    await assertRefused(
      hmacToken({ ...HS256, b64: false, crit: ['b64'] }, claimsFor(user)),
      'b64 false',
    )
    await assertRefused(hmacToken({ ...HS256, crit: ['exp'] }, claimsFor(user)), 'unknown crit')
  })
})

describe('signature and integrity', () => {
  test('a token signed with another secret is refused', async () => {
    await assertRefused(
      hmacToken(HS256, claimsFor(user), 'some-other-secret-that-is-long-enough-0123456789'),
      'wrong secret',
    )
    await assertRefused(hmacToken(HS256, claimsFor(user), ''), 'empty secret')
  })

  test('a genuine token with its payload swapped for another user is refused', async () => {
    const genuine = user.token.split('.')
    const tampered = base64url({ ...parts(user.token).payload, sub: other.id, email: other.email })
    await assertRefused(`${genuine[0]}.${tampered}.${genuine[2]}`, 'payload swapped')
  })

  test('a genuine token with its header altered is refused', async () => {
    const genuine = user.token.split('.')
    for (const header of [
      { alg: 'HS256', typ: 'JWT', kid: 'x' },
      { alg: 'HS256' },
      { alg: 'HS256', typ: 'JWE' },
    ]) {
      await assertRefused(
        `${base64url(header)}.${genuine[1]}.${genuine[2]}`,
        JSON.stringify(header),
      )
    }
  })

  test('a genuine token with one flipped signature character is refused', async () => {
    const last = user.token.at(-2) === 'A' ? 'B' : 'A'
    await assertRefused(`${user.token.slice(0, -2)}${last}${user.token.at(-1)}`, 'flipped')
  })

  test('shapes that are not a signed JWT are refused', async () => {
    const jwe = [
      base64url({ alg: 'dir', enc: 'A256GCM' }),
      '',
      base64url('initialisation-vector'),
      base64url('ciphertext'),
      base64url('authentication-tag'),
    ].join('.')
    for (const [label, token] of [
      ['a 5-part JWE', jwe],
      ['4 parts', `${user.token}.extra`],
      ['one part', 'abc'],
      ['empty parts', '..'],
      ['not base64', '!!!.@@@.###'],
      ['JSON instead of base64', `{"alg":"none"}.${parts(user.token).signature}.x`],
      ['a 10 KB token', `${user.token}${'A'.repeat(10 * 1024)}`],
    ] as const) {
      const response = await t.app.inject({
        method: 'GET',
        url: `${API}/auth/me`,
        headers: { authorization: `Bearer ${token}` },
      })
      assertProblem(response, 401)
      assert.ok(response.statusCode === 401, label)
    }
  })

  test('a 100 KB Authorization header is refused before it is parsed (431, real HTTP)', async () => {
    const sibling = await startSiblingApp(t)
    try {
      const port = await listenOnLoopback(sibling.app)
      const response = await rawExchange(port, [
        `GET ${API}/auth/me HTTP/1.1\r\nHost: localhost\r\n` +
          `Authorization: Bearer ${user.token}${'A'.repeat(100 * 1024)}\r\n\r\n`,
      ])
      assert.equal(response.status, 431, response.raw.slice(0, 200))
      assert.equal(response.headers['content-type'], 'application/problem+json')
    } finally {
      await sibling.close()
    }
  })
})

describe('claims', () => {
  test('an expired token is refused, even by a second', async () => {
    await assertRefused(
      hmacToken(HS256, claimsFor(user, { iat: now() - 7200, exp: now() - 1 })),
      'expired',
    )
  })

  test('a token not valid before a future time (nbf) is refused', async () => {
    await assertRefused(hmacToken(HS256, claimsFor(user, { nbf: now() + 600 })), 'future nbf')
  })

  test('missing sub, exp or iat is refused', async () => {
    for (const claim of ['sub', 'exp', 'iat']) {
      const claims: Record<string, unknown> = claimsFor(user)
      delete claims[claim]
      await assertRefused(hmacToken(HS256, claims), `without ${claim}`)
    }
  })

  test('a sub that is not a user id, or names no user, is refused', async () => {
    for (const sub of [
      'admin',
      '',
      '1',
      42,
      [user.id],
      { id: user.id },
      null,
      `${user.id} `,
      `urn:uuid:${user.id}`,
      `' or '1'='1`,
      randomUUID(),
    ]) {
      await assertRefused(hmacToken(HS256, claimsFor(user, { sub })), `sub ${JSON.stringify(sub)}`)
    }
  })

  test('a missing or malformed token version is refused', async () => {
    const withoutVersion: Record<string, unknown> = claimsFor(user)
    delete withoutVersion.ver
    await assertRefused(hmacToken(HS256, withoutVersion), 'no ver')
    for (const ver of ['0', 0.5, null, -1, 1]) {
      await assertRefused(hmacToken(HS256, claimsFor(user, { ver })), `ver ${JSON.stringify(ver)}`)
    }
  })

  test('every issued token carries a unique jti', async () => {
    const ids = new Set<string>()
    for (let i = 0; i < 5; i++) {
      const login = await t.app.inject({
        method: 'POST',
        url: `${API}/auth/login`,
        payload: { email: other.email, password: GOOD_PASSWORD },
      })
      ids.add(parts(login.json().access_token).payload.jti)
    }
    assert.equal(ids.size, 5)
  })
})

describe('revocation', () => {
  test('logout-all revokes every token issued before it, including the one that asked', async () => {
    const victim = await createUser(t.app, 'logout-all')
    const second = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/login`,
      payload: { email: victim.email, password: GOOD_PASSWORD },
    })
    const secondToken = second.json().access_token as string
    const logout = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/logout-all`,
      headers: victim.auth,
    })
    assert.equal(logout.statusCode, 204)
    await assertRefused(victim.token, 'the token that logged out')
    await assertRefused(secondToken, 'another session')
    // Re-signing the old claims with the real secret does not help: the version moved on.
    await assertRefused(hmacToken(HS256, parts(victim.token).payload), 'replayed claims')
  })

  test('a password change revokes every other token and the new one works', async () => {
    const victim = await createUser(t.app, 'pw-change')
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/login`,
      payload: { email: victim.email, password: GOOD_PASSWORD },
    })
    const change = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/password`,
      headers: victim.auth,
      payload: { current_password: GOOD_PASSWORD, new_password: 'a-brand-new-passphrase-77' },
    })
    assert.equal(change.statusCode, 200, change.body)
    await assertRefused(victim.token, 'the token that changed the password')
    await assertRefused(elsewhere.json().access_token, 'another session')
    const fresh = await t.app.inject({
      method: 'GET',
      url: `${API}/auth/me`,
      headers: { authorization: `Bearer ${change.json().access_token}` },
    })
    assert.equal(fresh.statusCode, 200)
  })

  test('tokens of a deleted account stop working at once', async () => {
    const victim = await createUser(t.app, 'deleted')
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `${API}/auth/me`,
      headers: victim.auth,
      payload: { password: GOOD_PASSWORD },
    })
    assert.equal(deleted.statusCode, 204)
    await assertRefused(victim.token, 'deleted account')
  })
})

describe('where a token is looked for', () => {
  const expectUnauthenticated = async (options: InjectOptions) => {
    const response = await t.app.inject(options)
    assertProblem(response, 401)
  }

  test('never in the query string', async () => {
    for (const name of ['access_token', 'token', 'jwt', 'authorization', 'app_session']) {
      await expectUnauthenticated({
        method: 'GET',
        url: `${API}/auth/me?${name}=${user.token}`,
      })
      await expectUnauthenticated({
        method: 'GET',
        url: `${API}/tasks?${name}=${encodeURIComponent(`Bearer ${user.token}`)}`,
      })
    }
  })

  test('never in a form field or a JSON body', async () => {
    await expectUnauthenticated({
      method: 'POST',
      url: `${API}/tasks`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `access_token=${user.token}&title=x`,
    })
    await expectUnauthenticated({
      method: 'POST',
      url: `${API}/tasks`,
      payload: { access_token: user.token, title: 'x' },
    })
    await expectUnauthenticated({
      method: 'POST',
      url: `${API}/auth/logout-all`,
      payload: { token: user.token },
    })
  })

  test('never in a cookie other than app_session', async () => {
    for (const name of [
      'access_token',
      'token',
      'jwt',
      'session',
      'Authorization',
      'APP_SESSION',
      'App_Session',
      'app_session_',
      'xapp_session',
    ]) {
      await expectUnauthenticated({
        method: 'GET',
        url: `${API}/auth/me`,
        headers: { cookie: `${name}=${user.token}` },
      })
    }
    // The web app's own cookie does work, so the refusals above are about the name.
    const own = await t.app.inject({
      method: 'GET',
      url: `${API}/auth/me`,
      headers: { cookie: `app_session=${user.token}` },
    })
    assert.equal(own.statusCode, 200)
  })

  test('an unusable Authorization header is refused even when the cookie is good', async () => {
    for (const authorization of [
      'Basic dXNlcjpwYXNz',
      'Token abc',
      'Bearer',
      'Bearer ',
      `Bearer ${user.token} extra`,
      `Bearer${user.token}`,
      `Bearer ${user.token}x`,
    ]) {
      await expectUnauthenticated({
        method: 'GET',
        url: `${API}/auth/me`,
        headers: { authorization, cookie: `app_session=${user.token}` },
      })
    }
  })
})

describe('key rotation (JWT_SECRET_PREVIOUS)', () => {
  const oldSecret = TEST_JWT_SECRET
  const newSecret = 'the-new-secret-after-rotation-0123456789-abcdefgh'

  test('tokens signed with the previous secret keep working; new tokens use the new one', async () => {
    const rotated = await startSiblingApp(t, {
      JWT_SECRET: newSecret,
      JWT_SECRET_PREVIOUS: oldSecret,
    })
    const notRotated = await startSiblingApp(t, { JWT_SECRET: newSecret })
    try {
      // `user.token` was issued before the rotation, with the old secret.
      const me = (app: TestApp, token: string) =>
        app.app.inject({
          method: 'GET',
          url: `${API}/auth/me`,
          headers: { authorization: `Bearer ${token}` },
        })
      assert.equal((await me(rotated, user.token)).statusCode, 200)
      assertProblem(await me(notRotated, user.token), 401)

      const login = await rotated.app.inject({
        method: 'POST',
        url: `${API}/auth/login`,
        payload: { email: other.email, password: GOOD_PASSWORD },
      })
      const issued = login.json().access_token as string
      const [header, payload, signature] = issued.split('.')
      const expected = createHmac('sha256', newSecret).update(`${header}.${payload}`).digest()
      assert.ok(expected.equals(Buffer.from(signature!, 'base64url')), 'signed with JWT_SECRET')
      // The previous secret only verifies: the old deployment cannot read the new token.
      assertProblem(await me(t, issued), 401)

      // A token signed with any third secret is still refused.
      const third = hmacToken(HS256, claimsFor(user), 'neither-the-old-nor-the-new-one-0123456789')
      assertProblem(await me(rotated, third), 401)
    } finally {
      await rotated.close()
      await notRotated.close()
    }
  })
})
