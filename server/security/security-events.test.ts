// Security events: one structured log line per event, with the user id and the client address, so
// an operator can alert on them and audit an account; never a password or a token.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { API, uniqueEmail } from '../test/factories.js'
import { startTestApp, type TestApp } from '../test/test-app.js'

let t: TestApp
before(async () => {
  // Three failures lock an account, so the lockout event is part of the journey.
  t = await startTestApp({ AUTH_FAILURES_PER_EMAIL: '3', TRUST_PROXY: 'true' })
})
after(() => t.close())

const CLIENT = '192.0.2.77'
const PASSWORD = 'Sentinel-Passphrase-4471'
const NEW_PASSWORD = 'Second-Sentinel-Passphrase-9902'

interface LogEntry {
  level: number
  msg: string
  request_id?: string
  security_event?: string
  user_id?: string
  ip?: string
  reason?: string
}

test('every account event is logged once, with user id and client address, and no secret', async () => {
  const secrets: string[] = [PASSWORD, NEW_PASSWORD]
  const send = async (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: object,
    headers: Record<string, string> = {},
  ) => {
    const response = await t.app.inject({
      method,
      url: `${API}${url}`,
      headers: { 'x-forwarded-for': CLIENT, ...headers },
      ...(payload ? { payload } : {}),
    })
    return response
  }
  const email = uniqueEmail('events')
  const signup = await send('POST', '/auth/signup', { email, password: PASSWORD })
  const userId = signup.json().id as string

  await send('POST', '/auth/login', { email, password: 'not-the-password' })
  const login = await send('POST', '/auth/login', { email, password: PASSWORD })
  const token = login.json().access_token as string
  secrets.push(token, token.split('.')[2]!)
  const auth = { authorization: `Bearer ${token}` }

  const session = await send('POST', '/auth/session', { email, password: PASSWORD })
  const cookie = String(session.headers['set-cookie']).split(';')[0]!
  await send('DELETE', '/auth/session', undefined, { cookie, origin: 'http://localhost:80' })
  await send('POST', '/tasks', { title: 'x' }, { cookie, origin: 'https://evil.example' })

  const newEmail = uniqueEmail('events-renamed')
  await send('PATCH', '/auth/me', { email: newEmail, current_password: PASSWORD }, auth)
  const changed = await send(
    'POST',
    '/auth/password',
    { current_password: PASSWORD, new_password: NEW_PASSWORD },
    auth,
  )
  const freshToken = changed.json().access_token as string
  secrets.push(freshToken, freshToken.split('.')[2]!)
  await send('POST', '/auth/logout-all', undefined, { authorization: `Bearer ${freshToken}` })

  // Failures up to the lockout: the first two are failures, the third locks the account.
  for (let i = 0; i < 3; i++)
    await send('POST', '/auth/login', { email: newEmail, password: `wrong-${i}` })
  await send('POST', '/auth/login', { email: uniqueEmail('nobody'), password: PASSWORD })

  // The first account is locked now; a second one shows the deletion.
  const other = uniqueEmail('events-delete')
  const otherSignup = await send('POST', '/auth/signup', { email: other, password: PASSWORD })
  const otherToken = (
    await send('POST', '/auth/login', { email: other, password: PASSWORD })
  ).json().access_token as string
  secrets.push(otherToken)
  await send(
    'DELETE',
    '/auth/me',
    { password: PASSWORD },
    { authorization: `Bearer ${otherToken}` },
  )

  const entries = t.logs.map((line) => JSON.parse(line) as LogEntry)
  const events = entries.filter((entry) => entry.security_event)
  const of = (id: string) =>
    events.filter((entry) => entry.user_id === id).map((entry) => entry.security_event)

  assert.deepEqual(of(userId), [
    'signup',
    'login_failed',
    'login_succeeded',
    'login_succeeded',
    'session_started',
    'email_changed',
    'password_changed',
    'logout_all',
    'login_failed',
    'login_failed',
    'account_locked',
  ])
  assert.deepEqual(of(otherSignup.json().id), ['signup', 'login_succeeded', 'account_deleted'])

  // Events without a known account still name the address and what happened.
  const anonymous = events.filter((entry) => entry.user_id === undefined)
  assert.deepEqual(anonymous.map((entry) => entry.security_event).sort(), [
    'cross_site_request_refused',
    'login_failed',
    'session_ended',
  ])
  assert.equal(
    anonymous.find((entry) => entry.security_event === 'login_failed')?.reason,
    'unknown email',
  )

  for (const entry of events) {
    assert.equal(entry.ip, CLIENT, JSON.stringify(entry))
    assert.equal(entry.level, 30)
    assert.equal(entry.msg, `security: ${entry.security_event}`)
    assert.ok(entry.request_id, 'each event can be tied to its request')
  }

  const everything = t.logs.join('\n')
  for (const secret of secrets) {
    assert.ok(!everything.includes(secret), `the log contains a secret: ${secret.slice(0, 10)}…`)
  }
})
