// Limits enforced by Node's HTTP layer, so these go over a real socket: inject() bypasses the parser,
// its header size limit and its request timeout.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { API, createUser, type TestUser } from '../test/factories.js'
import { listenOnLoopback, rawExchange, type RawResponse } from '../test/loopback.js'
import { startTestApp, type TestApp } from '../test/test-app.js'

const TIMEOUT_MS = 1_000

let t: TestApp
let port: number
let user: TestUser

before(async () => {
  t = await startTestApp({ REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) })
  port = await listenOnLoopback(t.app)
  user = await createUser(t.app)
})
after(() => t.close())

function assertBareProblem(response: RawResponse, status: number) {
  assert.equal(response.status, status, response.raw.slice(0, 500))
  assert.equal(response.headers['content-type'], 'application/problem+json')
  assert.equal(response.headers['x-content-type-options'], 'nosniff')
  assert.equal(response.headers['x-frame-options'], 'DENY')
  assert.equal(response.headers['cache-control'], 'no-store')
  const body = JSON.parse(response.body)
  assert.equal(body.status, status)
  assert.ok(body.detail.length > 0)
  // One answer only: nothing may follow it on the connection.
  assert.equal(response.raw.match(/HTTP\/1\.1 \d{3}/g)?.length, 1, response.raw)
  assert.ok(response.closed, 'the connection is closed after the answer')
}

const request = (lines: string[], body = '') => `${lines.join('\r\n')}\r\n\r\n${body}`

describe('oversized and malformed requests', () => {
  test('a 100 KB header is refused with 431 problem+json', async () => {
    const response = await rawExchange(port, [
      request([
        `GET ${API}/auth/me HTTP/1.1`,
        'Host: localhost',
        `Authorization: Bearer ${'a'.repeat(100 * 1024)}`,
      ]),
    ])
    assertBareProblem(response, 431)
  })

  test('a malformed request line is refused with 400 problem+json', async () => {
    assertBareProblem(await rawExchange(port, ['NOT AN HTTP REQUEST\r\n\r\n']), 400)
  })

  test('conflicting framing (Content-Length and Transfer-Encoding) is refused with 400', async () => {
    const response = await rawExchange(port, [
      request(
        [
          `POST ${API}/auth/login HTTP/1.1`,
          'Host: localhost',
          'Content-Type: application/json',
          'Content-Length: 4',
          'Transfer-Encoding: chunked',
        ],
        '0\r\n\r\n',
      ),
    ])
    assertBareProblem(response, 400)
  })
})

describe('request body limits', () => {
  const post = (path: string, body: string, headers: string[] = []) =>
    rawExchange(port, [
      request(
        [
          `POST ${API}${path} HTTP/1.1`,
          'Host: localhost',
          'Content-Type: application/json',
          `Content-Length: ${Buffer.byteLength(body)}`,
          'Connection: close',
          ...headers,
        ],
        body,
      ),
    ])

  test('auth routes refuse a body over 4 KB with 413', async () => {
    const body = JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(5 * 1024) })
    for (const path of ['/auth/signup', '/auth/login', '/auth/session']) {
      const response = await post(path, body)
      assert.equal(response.status, 413, `${path}: ${response.raw.slice(0, 300)}`)
      assert.match(response.headers['content-type'] ?? '', /^application\/problem\+json/)
    }
    // The signed-in account routes take passwords too, and get the same limit.
    const big = 'x'.repeat(5 * 1024)
    for (const [method, path, payload] of [
      ['POST', '/auth/password', { current_password: big, new_password: big }],
      ['PATCH', '/auth/me', { email: 'a@example.com', current_password: big }],
      ['DELETE', '/auth/me', { password: big }],
    ] as const) {
      const json = JSON.stringify(payload)
      const response = await rawExchange(port, [
        request(
          [
            `${method} ${API}${path} HTTP/1.1`,
            'Host: localhost',
            'Content-Type: application/json',
            `Content-Length: ${Buffer.byteLength(json)}`,
            `Authorization: Bearer ${user.token}`,
            'Connection: close',
          ],
          json,
        ),
      ])
      assert.equal(response.status, 413, `${method} ${path}: ${response.raw.slice(0, 300)}`)
    }
  })

  test('task routes refuse a body over 64 KB with 413', async () => {
    const body = JSON.stringify({ title: 'big', description: 'x'.repeat(65 * 1024) })
    const response = await post('/tasks', body, [`Authorization: Bearer ${user.token}`])
    assert.equal(response.status, 413, response.raw.slice(0, 300))
    assert.match(response.headers['content-type'] ?? '', /^application\/problem\+json/)
  })

  test('a declared length over the limit is refused before any of the body arrives', async () => {
    const response = await rawExchange(
      port,
      [
        request([
          `POST ${API}/auth/signup HTTP/1.1`,
          'Host: localhost',
          'Content-Type: application/json',
          `Content-Length: ${100 * 1024 * 1024}`,
        ]),
      ],
      { waitMs: 3_000 },
    )
    assert.equal(response.status, 413, response.raw.slice(0, 300))
  })

  test('a chunked body that grows past the limit is refused with 413', async () => {
    const chunk = 'x'.repeat(16 * 1024)
    const chunks = Array.from({ length: 8 }, () => `${chunk.length.toString(16)}\r\n${chunk}\r\n`)
    const response = await rawExchange(port, [
      request([
        `POST ${API}/tasks HTTP/1.1`,
        'Host: localhost',
        'Content-Type: application/json',
        'Transfer-Encoding: chunked',
        `Authorization: Bearer ${user.token}`,
      ]),
      ...chunks,
      '0\r\n\r\n',
    ])
    assert.equal(response.status, 413, response.raw.slice(0, 300))
  })
})

describe('request timeout (REQUEST_TIMEOUT_MS)', () => {
  // Bounds, not measurements: the cut must come (Node's own check runs only every 30 s) and come
  // near the configured timeout, with room for a loaded machine.
  const assertCutOffNearTimeout = (response: RawResponse) => {
    assert.ok(response.elapsedMs >= TIMEOUT_MS * 0.9, `cut after ${response.elapsedMs} ms`)
    assert.ok(response.elapsedMs < TIMEOUT_MS + 4_000, `cut after ${response.elapsedMs} ms`)
  }

  test('a client dripping its headers is answered 408 and disconnected', async () => {
    const drip = Array.from({ length: 100 }, (_, i) => `X-Drip-${i}: y\r\n`)
    const response = await rawExchange(
      port,
      [`GET ${API}/health HTTP/1.1\r\nHost: localhost\r\n`, ...drip],
      { pauseMs: 200, waitMs: 15_000 },
    )
    assertBareProblem(response, 408)
    assertCutOffNearTimeout(response)
  })

  test('a client dripping its body is answered 408 and disconnected', async () => {
    const response = await rawExchange(
      port,
      [
        request([
          `POST ${API}/auth/login HTTP/1.1`,
          'Host: localhost',
          'Content-Type: application/json',
          'Content-Length: 1000',
        ]),
        ...Array.from({ length: 100 }, () => ' '),
      ],
      { pauseMs: 200, waitMs: 15_000 },
    )
    assertBareProblem(response, 408)
    assertCutOffNearTimeout(response)
  })

  test('a client that goes silent mid-request is disconnected', async () => {
    const response = await rawExchange(port, [`GET ${API}/health HTTP/1.1\r\n`], {
      waitMs: 15_000,
    })
    assert.ok(response.closed)
    assertCutOffNearTimeout(response)
  })

  test('an answer already sent is not followed by a second one when the body times out', async () => {
    // No token: the 401 leaves before the body is read, while the client keeps dripping it.
    const response = await rawExchange(
      port,
      [
        request([
          `POST ${API}/tasks HTTP/1.1`,
          'Host: localhost',
          'Content-Type: application/json',
          'Content-Length: 1000',
        ]),
        ...Array.from({ length: 100 }, () => ' '),
      ],
      { pauseMs: 200, waitMs: 15_000 },
    )
    assert.equal(response.status, 401, response.raw.slice(0, 300))
    assert.equal(response.raw.match(/HTTP\/1\.1 \d{3}/g)?.length, 1, response.raw)
    assert.ok(response.closed)
  })
})

test('after all of it the service still answers over HTTP', async () => {
  const response = await fetch(`http://127.0.0.1:${port}${API}/health`)
  assert.equal(response.status, 200)
  assert.deepEqual(await response.json(), { status: 'ok' })
})
