// Hostile input at every route. Whatever arrives, the service answers with a client error (never a
// 5xx) and every error is problem+json.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { API, assertProblem, createTask, createUser, type TestUser } from '../test/factories.js'
import { startTestApp, type TestApp } from '../test/test-app.js'

let t: TestApp
let actor: TestUser
let actorTaskIds: string[] = []

before(async () => {
  t = await startTestApp()
  actor = await createUser(t.app, 'actor')
  actorTaskIds = await Promise.all(
    ['one', 'two', 'three'].map(async (title) => (await createTask(t.app, actor, { title })).id),
  )
})
after(() => t.close())

/**
 * encodeURIComponent throws on an unpaired surrogate; a client can still send the three bytes such a
 * code unit would take (WTF-8), so that is what goes on the wire.
 */
function percentEncode(text: string): string {
  let encoded = ''
  for (const char of text) {
    const code = char.charCodeAt(0)
    if (char.length === 1 && code >= 0xd800 && code <= 0xdfff) {
      encoded += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('')
    } else {
      encoded += encodeURIComponent(char)
    }
  }
  return encoded
}

describe('text PostgreSQL cannot store is refused with 422, not a server error', () => {
  const nul = 'a\u0000b'
  const loneSurrogate = 'a\ud800b'

  for (const [label, text] of [
    ['a NUL character', nul],
    ['an unpaired surrogate', loneSurrogate],
  ] as const) {
    test(`${label} in a task title, a description, a search or a key`, async () => {
      for (const [method, url, payload, field] of [
        ['POST', '/tasks', { title: text }, 'title'],
        ['POST', '/tasks', { title: 'ok', description: text }, 'description'],
        ['PATCH', `/tasks/${actorTaskIds[0]}`, { title: text }, 'title'],
        // The query parser cannot produce an unpaired surrogate (it keeps undecodable text as is).
        ...(text === nul
          ? [['GET', `/tasks?q=${percentEncode(text)}`, undefined, 'q'] as const]
          : []),
      ] as const) {
        const response = await t.app.inject({
          method,
          url: `${API}${url}`,
          headers: actor.auth,
          ...(payload ? { payload } : {}),
        })
        const problem = assertProblem(response, 422)
        assert.ok(
          problem.errors?.some((error) => error.field === field),
          `${method} ${url}: ${response.body}`,
        )
      }
    })

    test(`${label} in an email at signup, login, session and email change`, async () => {
      const email = `x${text}@example.com`
      for (const [url, payload, headers] of [
        ['/auth/signup', { email, password: 'violet-harbor-tangent-42' }, {}],
        ['/auth/login', { email, password: 'violet-harbor-tangent-42' }, {}],
        ['/auth/session', { email, password: 'violet-harbor-tangent-42' }, {}],
      ] as const) {
        assertProblem(
          await t.app.inject({ method: 'POST', url: `${API}${url}`, payload, headers }),
          422,
        )
      }
      // A form field cannot carry an unpaired surrogate (undecodable bytes are kept as text).
      if (text === nul) {
        const form = await t.app.inject({
          method: 'POST',
          url: `${API}/auth/login`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: `username=${percentEncode(email)}&password=whatever-it-is`,
        })
        assertProblem(form, 422)
      }
      const change = await t.app.inject({
        method: 'PATCH',
        url: `${API}/auth/me`,
        headers: actor.auth,
        payload: { email, current_password: actor.password },
      })
      assertProblem(change, 422)
    })
  }

  test('the refusal names the field and says what is wrong', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: `${API}/tasks`,
      headers: actor.auth,
      payload: { title: nul },
    })
    const problem = assertProblem(response, 422)
    assert.deepEqual(problem.errors, [
      { location: 'body', field: 'title', message: 'must not contain NUL (U+0000) characters' },
    ])
  })

  test('emoji, combining marks and right-to-left text are stored exactly', async () => {
    const title = '👩‍👩‍👧‍👦 e\u0301 \u202eمرحبا بالعالم\u202c שלום'
    const created = await createTask(t.app, actor, { title, description: '🙂'.repeat(100) })
    assert.equal(created.title, title)
    const fetched = await t.app.inject({
      method: 'GET',
      url: `${API}/tasks/${created.id}`,
      headers: actor.auth,
    })
    assert.equal(fetched.json().title, title)
  })
})

describe('identifiers and cursors the database would choke on', () => {
  test('a task id must be a canonical UUID (no urn:uuid: prefix, braces or missing dashes)', async () => {
    const id = actorTaskIds[0]!
    for (const variant of [`urn:uuid:${id}`, `{${id}}`, id.replaceAll('-', ''), `${id}0`]) {
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        const response = await t.app.inject({
          method,
          url: `${API}/tasks/${percentEncode(variant)}`,
          headers: actor.auth,
          ...(method === 'PATCH' ? { payload: { completed: true } } : {}),
        })
        const problem = assertProblem(response, 422)
        assert.equal(problem.errors?.[0]?.field, 'id', response.body)
      }
    }
    // The same id in capitals is still that task.
    const upper = await t.app.inject({
      method: 'GET',
      url: `${API}/tasks/${id.toUpperCase()}`,
      headers: actor.auth,
    })
    assert.equal(upper.statusCode, 200)
  })

  test('a cursor naming a date past the year 9999 is refused like any foreign cursor', async () => {
    for (const millis of ['253402300800000', '999999999999999']) {
      const cursor = Buffer.from(`${millis}:${randomUUID()}`).toString('base64url')
      const response = await t.app.inject({
        method: 'GET',
        url: `${API}/tasks?cursor=${cursor}`,
        headers: actor.auth,
      })
      assert.equal(assertProblem(response, 422).errors?.[0]?.field, 'cursor')
    }
    const lastMillisecond = Buffer.from(`253402300799999:${randomUUID()}`).toString('base64url')
    const ok = await t.app.inject({
      method: 'GET',
      url: `${API}/tasks?cursor=${lastMillisecond}`,
      headers: actor.auth,
    })
    assert.equal(ok.statusCode, 200)
  })
})

describe('a missing body', () => {
  test('is a 422 on every route that takes one, the login included', async () => {
    for (const [method, url] of [
      ['POST', '/auth/login'],
      ['POST', '/auth/signup'],
      ['POST', '/auth/session'],
      ['POST', '/tasks'],
    ] as const) {
      const response = await t.app.inject({ method, url: `${API}${url}`, headers: actor.auth })
      assert.equal(assertProblem(response, 422).errors?.[0]?.field, 'body', `${method} ${url}`)
    }
  })
})

describe('URLs the router refuses are problem+json too', () => {
  test('malformed percent-encoding is a 400 with the usual headers', async () => {
    for (const url of [`${API}/tasks/%zz`, `${API}/tasks/%E0%A4%A`, `${API}/%`]) {
      const response = await t.app.inject({ method: 'GET', url, headers: actor.auth })
      assertProblem(response, 400)
      assert.equal(response.headers['x-content-type-options'], 'nosniff')
      assert.equal(response.headers['cache-control'], 'no-store')
      assert.ok(response.headers['x-request-id'])
    }
  })

  test('an over-long path segment is a 414', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: `${API}/tasks/${'a'.repeat(1000)}`,
      headers: actor.auth,
    })
    assertProblem(response, 414)
    assert.equal(response.headers['x-frame-options'], 'DENY')
  })
})
