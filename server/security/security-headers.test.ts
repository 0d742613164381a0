// Defence-in-depth headers: on every kind of answer (success, error, router refusal, docs, pages),
// HSTS only when configured, CORS only for listed origins, and no caching of anything personal.
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import {
  API,
  createTask,
  createUser,
  GOOD_PASSWORD,
  uniqueEmail,
  type TestUser,
} from '../test/factories.js'
import { listenOnLoopback, rawExchange } from '../test/loopback.js'
import { startTestApp, type TestApp } from '../test/test-app.js'

let t: TestApp
let user: TestUser
before(async () => {
  t = await startTestApp()
  user = await createUser(t.app)
})
after(() => t.close())

function assertProtected(response: LightMyRequestResponse, label: string) {
  const headers = response.headers
  assert.equal(headers['x-content-type-options'], 'nosniff', label)
  assert.equal(headers['x-frame-options'], 'DENY', label)
  assert.equal(headers['referrer-policy'], 'no-referrer', label)
  assert.equal(headers['x-powered-by'], undefined, label)
  assert.equal(headers.server, undefined, label)
  const csp = String(headers['content-security-policy'])
  assert.match(csp, /frame-ancestors 'none'/, label)
  assert.match(csp, /default-src '(self|none)'/, label)
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*|https:|http:/, `${label}: ${csp}`)
}

/** One request of every kind the service answers. */
function everyKindOfRequest(): Array<[string, InjectOptions]> {
  return [
    ['200 health', { method: 'GET', url: `${API}/health` }],
    ['200 user', { method: 'GET', url: `${API}/auth/me`, headers: user.auth }],
    [
      '201 signup',
      {
        method: 'POST',
        url: `${API}/auth/signup`,
        payload: { email: uniqueEmail(), password: GOOD_PASSWORD },
      },
    ],
    ['401', { method: 'GET', url: `${API}/tasks` }],
    ['404 api', { method: 'GET', url: `${API}/nothing-here` }],
    ['404 page', { method: 'GET', url: '/some/page', headers: { accept: 'text/html' } }],
    [
      '413',
      {
        method: 'POST',
        url: `${API}/auth/login`,
        payload: { email: 'a@example.com', password: 'x'.repeat(8 * 1024) },
      },
    ],
    [
      '415',
      {
        method: 'POST',
        url: `${API}/tasks`,
        headers: { ...user.auth, 'content-type': 'text/plain' },
        payload: 'x',
      },
    ],
    ['422', { method: 'POST', url: `${API}/tasks`, headers: user.auth, payload: { title: 5 } }],
    ['400 bad URL', { method: 'GET', url: `${API}/tasks/%zz`, headers: user.auth }],
    ['414 long segment', { method: 'GET', url: `${API}/tasks/${'a'.repeat(500)}` }],
    ['docs page', { method: 'GET', url: '/docs/' }],
    ['openapi document', { method: 'GET', url: `${API}/openapi.json` }],
    [
      'preflight',
      {
        method: 'OPTIONS',
        url: `${API}/tasks`,
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      },
    ],
  ]
}

describe('protective headers', () => {
  test('every kind of answer carries them, with a CSP allowing no inline code or outside host', async () => {
    for (const [label, request] of everyKindOfRequest()) {
      assertProtected(await t.app.inject(request), label)
    }
  })

  test('the web app policy: own scripts, styles and connections only, no plugins, no framing', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/', headers: { accept: 'text/html' } })
    const directives = Object.fromEntries(
      String(page.headers['content-security-policy'])
        .split(';')
        .map((directive) => directive.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values.join(' ')]),
    )
    assert.equal(directives['default-src'], "'self'")
    assert.equal(directives['script-src'], "'self'")
    assert.equal(directives['style-src'], "'self'")
    assert.equal(directives['connect-src'], "'self'")
    assert.equal(directives['object-src'], "'none'")
    assert.equal(directives['frame-ancestors'], "'none'")
    assert.equal(directives['base-uri'], "'none'")
  })

  test('no Strict-Transport-Security unless HSTS_MAX_AGE is set', async () => {
    for (const [label, request] of everyKindOfRequest()) {
      const response = await t.app.inject(request)
      assert.equal(response.headers['strict-transport-security'], undefined, label)
    }
  })
})

describe('HSTS_MAX_AGE', () => {
  let secure: TestApp
  before(async () => {
    secure = await startTestApp({ HSTS_MAX_AGE: '31536000' })
  })
  after(() => secure.close())

  test('sends Strict-Transport-Security on every answer, router refusals included', async () => {
    for (const [label, request] of everyKindOfRequest()) {
      const response = await secure.app.inject(request)
      assert.equal(
        response.headers['strict-transport-security'],
        'max-age=31536000; includeSubDomains',
        label,
      )
    }
  })

  test('and on answers written by the HTTP parser (431, real HTTP)', async () => {
    const port = await listenOnLoopback(secure.app)
    const response = await rawExchange(port, [
      `GET ${API}/health HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`,
    ])
    assert.equal(response.status, 431)
    assert.equal(
      response.headers['strict-transport-security'],
      'max-age=31536000; includeSubDomains',
    )
  })
})

describe('CORS', () => {
  const allowed = 'https://app.example.com'
  let withCors: TestApp
  before(async () => {
    withCors = await startTestApp({ CORS_ORIGINS: `${allowed}, https://admin.example.com` })
  })
  after(() => withCors.close())

  const preflight = (app: TestApp, origin: string) =>
    app.app.inject({
      method: 'OPTIONS',
      url: `${API}/tasks`,
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    })

  test('without CORS_ORIGINS no origin is allowed', async () => {
    for (const origin of [allowed, 'https://evil.example', 'null']) {
      const simple = await t.app.inject({
        method: 'GET',
        url: `${API}/health`,
        headers: { origin },
      })
      assert.equal(simple.headers['access-control-allow-origin'], undefined, origin)
      assert.equal((await preflight(t, origin)).headers['access-control-allow-origin'], undefined)
    }
  })

  test('a listed origin is allowed exactly, without credentials', async () => {
    const response = await preflight(withCors, allowed)
    assert.equal(response.statusCode, 204)
    assert.equal(response.headers['access-control-allow-origin'], allowed)
    assert.equal(response.headers['access-control-allow-credentials'], undefined)
    assert.match(String(response.headers['access-control-allow-methods']), /PATCH/)
    assert.match(String(response.headers['access-control-allow-headers']), /Authorization/i)
    const simple = await withCors.app.inject({
      method: 'GET',
      url: `${API}/health`,
      headers: { origin: allowed },
    })
    assert.equal(simple.headers['access-control-allow-origin'], allowed)
    assert.match(String(simple.headers.vary), /Origin/)
  })

  test('look-alike and other origins are not', async () => {
    for (const origin of [
      'https://evil.example',
      'http://app.example.com',
      'https://app.example.com.evil.example',
      'https://evilapp.example.com',
      'https://APP.EXAMPLE.COM',
      'null',
    ]) {
      const response = await preflight(withCors, origin)
      assert.equal(response.headers['access-control-allow-origin'], undefined, origin)
      const simple = await withCors.app.inject({
        method: 'GET',
        url: `${API}/health`,
        headers: { origin },
      })
      assert.equal(simple.headers['access-control-allow-origin'], undefined, origin)
    }
  })
})

describe('Cache-Control: no-store on everything carrying a token or user data', () => {
  test('tokens, users, tasks and errors are never cacheable', async () => {
    const email = uniqueEmail('cache')
    const task = await createTask(t.app, user)
    const requests: Array<[string, InjectOptions]> = [
      [
        'signup',
        { method: 'POST', url: `${API}/auth/signup`, payload: { email, password: GOOD_PASSWORD } },
      ],
      [
        'login',
        { method: 'POST', url: `${API}/auth/login`, payload: { email, password: GOOD_PASSWORD } },
      ],
      [
        'session',
        { method: 'POST', url: `${API}/auth/session`, payload: { email, password: GOOD_PASSWORD } },
      ],
      ['me', { method: 'GET', url: `${API}/auth/me`, headers: user.auth }],
      ['tasks', { method: 'GET', url: `${API}/tasks`, headers: user.auth }],
      ['task', { method: 'GET', url: `${API}/tasks/${task.id}`, headers: user.auth }],
      ['stats', { method: 'GET', url: `${API}/tasks/stats`, headers: user.auth }],
      ['401', { method: 'GET', url: `${API}/tasks` }],
      [
        'wrong password',
        { method: 'POST', url: `${API}/auth/login`, payload: { email, password: 'wrong-one' } },
      ],
    ]
    for (const [label, request] of requests) {
      const response = await t.app.inject(request)
      assert.ok(response.statusCode < 500, label)
      assert.equal(response.headers['cache-control'], 'no-store', label)
    }
  })
})
