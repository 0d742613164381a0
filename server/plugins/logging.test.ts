import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { API, createUser, GOOD_PASSWORD, uniqueEmail } from '../test/factories.js'
import { startTestApp, type TestApp } from '../test/test-app.js'

let t: TestApp
before(async () => {
  t = await startTestApp({ LOG_LEVEL: 'trace' })
})
after(() => t.close())

const linesOf = (requestId: string) =>
  t.logs.map((line) => JSON.parse(line)).filter((entry) => entry.request_id === requestId)

test('passwords, tokens and Authorization headers never reach the logs', async () => {
  const email = uniqueEmail('secret')
  const password = 'Unmistakable-Pa55word-Sentinel'
  await t.app.inject({ method: 'POST', url: `${API}/auth/signup`, payload: { email, password } })
  const login = await t.app.inject({
    method: 'POST',
    url: `${API}/auth/login`,
    payload: { email, password },
  })
  const token = login.json().access_token as string
  await t.app.inject({
    method: 'POST',
    url: `${API}/auth/login`,
    payload: { email, password: `${password}-wrong` },
  })
  await t.app.inject({
    method: 'GET',
    url: `${API}/tasks`,
    headers: { authorization: `Bearer ${token}` },
  })
  await t.app.inject({ method: 'GET', url: `${API}/tasks?access_token=${token}&token=${token}` })
  await t.app.inject({
    method: 'GET',
    url: `${API}/auth/me`,
    headers: { cookie: `app_session=${token}` },
  })
  await t.app.inject({
    method: 'GET',
    url: `${API}/auth/me`,
    headers: { authorization: `Bearer ${token}x` },
  })
  await t.app.inject({
    method: 'POST',
    url: `${API}/auth/password`,
    headers: { authorization: `Bearer ${token}` },
    payload: { current_password: password, new_password: `${password}-new` },
  })

  const everything = t.logs.join('\n')
  assert.ok(everything.includes('security: login_failed'), 'the failed login is logged as an event')
  for (const secret of [password, token, token.split('.')[1]!, token.split('.')[2]!]) {
    assert.ok(!everything.includes(secret), `log contains ${secret.slice(0, 12)}…`)
  }
  assert.doesNotMatch(everything, /"authorization"|"cookie"/i)
})

test('every log line of a request carries its id, which is also the X-Request-Id header', async () => {
  const user = await createUser(t.app)
  const response = await t.app.inject({ method: 'GET', url: `${API}/tasks`, headers: user.auth })
  const requestId = String(response.headers['x-request-id'])
  assert.match(requestId, /^[0-9a-f-]{36}$/)
  const lines = linesOf(requestId)
  assert.ok(lines.length >= 2, 'request start and end are logged')
  assert.ok(lines.some((line) => line.msg === 'request completed'))
})

test('a plain incoming X-Request-Id is kept; a hostile one is replaced', async () => {
  const kept = await t.app.inject({
    method: 'GET',
    url: `${API}/health`,
    headers: { 'x-request-id': 'edge-42.abc' },
  })
  assert.equal(kept.headers['x-request-id'], 'edge-42.abc')
  const replaced = await t.app.inject({
    method: 'GET',
    url: `${API}/health`,
    headers: { 'x-request-id': 'x\n{"level":60}' },
  })
  assert.match(String(replaced.headers['x-request-id']), /^[0-9a-f-]{36}$/)
})

test('a 5xx reaches the log with its cause but the client gets no internals', async () => {
  // Closing the database under the app is the simplest real fault: every query now fails.
  const broken = await startTestApp()
  const victim = await createUser(broken.app)
  await broken.testDatabase.database.close()
  const response = await broken.app.inject({
    method: 'GET',
    url: `${API}/tasks`,
    headers: victim.auth,
  })
  assert.equal(response.statusCode, 500)
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/)
  const body = response.json()
  assert.deepEqual(Object.keys(body).sort(), [
    'detail',
    'instance',
    'request_id',
    'status',
    'title',
    'type',
  ])
  assert.doesNotMatch(response.body, /select|closed|stack|\.ts:/i)
  const logged = broken.logs
    .map((line) => JSON.parse(line))
    .find((entry) => entry.request_id === body.request_id && entry.level === 50)
  assert.ok(logged?.err, 'the error and its stack are logged')
  await broken.close()
})

test('a signup is logged as a security event with user id and ip, not the email or password', async () => {
  const email = uniqueEmail('event')
  const response = await t.app.inject({
    method: 'POST',
    url: `${API}/auth/signup`,
    payload: { email, password: GOOD_PASSWORD },
  })
  const event = linesOf(String(response.headers['x-request-id'])).find(
    (line) => line.security_event === 'signup',
  )
  assert.ok(event)
  assert.equal(event.user_id, response.json().id)
  assert.equal(event.ip, '127.0.0.1')
})
