// Hostile input at every route, with and without a token. Whatever arrives, the service answers
// with a client error (never a 5xx), every error is problem+json, a refused request changes no row,
// and afterwards the service is healthy and another user's data is exactly as it was.
import fc from 'fast-check'
import type { LightMyRequestResponse } from 'fastify'
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { tasks, users } from '../db/schema.js'
import {
  API,
  assertProblem,
  createTask,
  createUser,
  logIn,
  signUp,
  uniqueEmail,
  type TestUser,
} from '../test/factories.js'
import { startTestApp, type TestApp } from '../test/test-app.js'

let t: TestApp
/** The account the generated requests act as; replaced when a generated request changes it. */
let actor: TestUser
/** An account no generated request may touch: never its token, never its password. */
let victim: TestUser
let victimTaskIds: string[] = []
let actorTaskIds: string[] = []
let victimSnapshot: string

before(async () => {
  t = await startTestApp()
  actor = await createUser(t.app, 'actor')
  victim = await createUserWithPassword(`victim-${randomUUID()}`)
  actorTaskIds = await Promise.all(
    ['one', 'two', 'three'].map(async (title) => (await createTask(t.app, actor, { title })).id),
  )
  victimTaskIds = await Promise.all(
    [{ title: 'private' }, { title: 'done', completed: true, description: 'notes' }].map(
      async (payload) => (await createTask(t.app, victim, payload)).id,
    ),
  )
  victimSnapshot = await snapshotOf(victim.id)
})
after(() => t.close())

/** An account whose password appears nowhere in the generated values. */
async function createUserWithPassword(password: string): Promise<TestUser> {
  const email = uniqueEmail('victim')
  const signup = await signUp(t.app, email, password)
  assert.equal(signup.statusCode, 201, signup.body)
  const token = (await logIn(t.app, email, password)).json().access_token as string
  return {
    id: signup.json().id,
    email,
    password,
    token,
    auth: { authorization: `Bearer ${token}` },
  }
}

/** Every row of both tables, in a stable order, as one comparable string. */
async function snapshotDatabase(): Promise<string> {
  const db = t.testDatabase.database.db
  const [userRows, taskRows] = await Promise.all([
    db.select().from(users).orderBy(users.id),
    db.select().from(tasks).orderBy(tasks.id),
  ])
  return JSON.stringify({ userRows, taskRows })
}

async function snapshotOf(userId: string): Promise<string> {
  const all = JSON.parse(await snapshotDatabase()) as {
    userRows: Array<{ id: string }>
    taskRows: Array<{ userId: string }>
  }
  return JSON.stringify({
    user: all.userRows.filter((row) => row.id === userId),
    tasks: all.taskRows.filter((row) => row.userId === userId),
  })
}

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

/** What every answer must satisfy, whatever was sent. */
function assertWellFormedAnswer(response: LightMyRequestResponse, method: string, url: string) {
  const context = `${method} ${url.slice(0, 200)} -> ${response.statusCode} ${response.body.slice(0, 300)}`
  assert.ok(response.statusCode < 500, `server error: ${context}`)
  assert.equal(response.headers['x-content-type-options'], 'nosniff', context)
  if (url.startsWith('/api/')) assert.equal(response.headers['cache-control'], 'no-store', context)
  if (response.statusCode >= 400 && method !== 'HEAD') {
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/, context)
    const body = response.json()
    assert.equal(body.status, response.statusCode, context)
    assert.equal(typeof body.title, 'string', context)
    assert.ok(typeof body.detail === 'string' && body.detail.length > 0, context)
    if (response.statusCode === 401) {
      assert.match(String(response.headers['www-authenticate']), /^Bearer/, context)
    }
  }
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

// ---------------------------------------------------------------------------------------------
// Generated requests

interface RouteSpec {
  method: string
  path: string
  /** Body fields and the kind of plausible value each takes. */
  fields?: Record<string, FieldKind>
  /** Accepts application/x-www-form-urlencoded (with these names instead). */
  formFields?: Record<string, FieldKind>
  query?: boolean
}
type FieldKind = 'email' | 'password' | 'newPassword' | 'title' | 'description' | 'boolean'

const ROUTES: RouteSpec[] = [
  { method: 'GET', path: '/health' },
  { method: 'GET', path: '/ready' },
  { method: 'POST', path: '/auth/signup', fields: { email: 'email', password: 'newPassword' } },
  {
    method: 'POST',
    path: '/auth/login',
    fields: { email: 'email', password: 'password' },
    formFields: { username: 'email', password: 'password' },
  },
  { method: 'POST', path: '/auth/session', fields: { email: 'email', password: 'password' } },
  { method: 'DELETE', path: '/auth/session' },
  { method: 'GET', path: '/auth/me' },
  { method: 'PATCH', path: '/auth/me', fields: { email: 'email', current_password: 'password' } },
  { method: 'DELETE', path: '/auth/me', fields: { password: 'password' } },
  { method: 'POST', path: '/auth/logout-all' },
  {
    method: 'POST',
    path: '/auth/password',
    fields: { current_password: 'password', new_password: 'newPassword' },
  },
  { method: 'GET', path: '/tasks', query: true },
  { method: 'GET', path: '/tasks/stats' },
  {
    method: 'POST',
    path: '/tasks',
    fields: { title: 'title', description: 'description', completed: 'boolean' },
  },
  { method: 'POST', path: '/tasks/complete-all' },
  { method: 'POST', path: '/tasks/clear-completed' },
  { method: 'GET', path: '/tasks/{id}' },
  {
    method: 'PATCH',
    path: '/tasks/{id}',
    fields: { title: 'title', description: 'description', completed: 'boolean' },
  },
  { method: 'DELETE', path: '/tasks/{id}' },
]

test('the generated requests cover every route in the OpenAPI document', () => {
  const documented = Object.entries(
    (t.app as unknown as { swagger(): { paths: Record<string, object> } }).swagger().paths,
  ).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.slice(API.length)}`),
  )
  const covered = ROUTES.map((route) => `${route.method} ${route.path}`)
  assert.deepEqual([...covered].sort(), [...documented].sort())
})

const loneSurrogate = fc
  .integer({ min: 0xd800, max: 0xdfff })
  .map((code) => String.fromCharCode(code))
const nastyText = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '👩‍👩‍👧‍👦',
  '\u202eevil\u202c.txt',
  'مرحبا بالعالم',
  'שלום עולם',
  'e\u0301\u0301\u0301',
  '\ufeff\u200b\u200d',
  "'; drop table users; --",
  '%_\\',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '../../../../etc/passwd',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  '\r\nX-Injected: 1',
  'a'.repeat(501),
  'a'.repeat(10_001),
  'é'.repeat(600),
  'x'.repeat(5_000),
)
const hostileString = fc.oneof(
  nastyText,
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }),
  fc.string({
    unit: fc.oneof(loneSurrogate, fc.constant('\u0000'), fc.constant('a')),
    maxLength: 8,
  }),
  fc.integer({ min: 0, max: 70_000 }).map((length) => 'x'.repeat(length)),
)
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
)

/** Values that pass the schema, so the request reaches the code behind it. */
function plausible(kind: FieldKind): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'email':
      return fc.oneof(
        fc.constant(actor.email),
        fc.constant(victim.email),
        fc.constant(`  ${victim.email.toUpperCase()} `),
        fc.emailAddress(),
        hostileString.map((text) => `${text}@example.com`),
      )
    case 'password':
      // The actor's own password lets generated requests reach password changes, email changes and
      // deletion; the victim's password is never generated.
      return fc.oneof(fc.constant(actor.password), hostileString)
    case 'newPassword':
      return fc.oneof(
        hostileString,
        fc.constantFrom('password123', 'a'.repeat(72), 'ü'.repeat(37), 'correct horse battery'),
      )
    case 'title':
    case 'description':
      return hostileString
    case 'boolean':
      return fc.boolean()
  }
}

const protoKeys = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'user_id',
  'id',
  'isAdmin',
)

function jsonBody(fields: Record<string, FieldKind>): fc.Arbitrary<string> {
  const entries = Object.entries(fields).map(([name, kind]) =>
    fc.option(
      fc
        .oneof(
          { weight: 3, arbitrary: plausible(kind) },
          { weight: 2, arbitrary: hostileString },
          { weight: 1, arbitrary: wrongType },
        )
        .map((value) => [name, value] as const),
      { nil: undefined, freq: 5 },
    ),
  )
  const extras = fc.array(
    fc.tuple(fc.oneof(protoKeys, fc.string({ maxLength: 8 })), fc.oneof(wrongType, hostileString)),
    { maxLength: 2 },
  )
  // Built as text: an object literal cannot carry an own "__proto__" key through JSON.stringify.
  return fc.tuple(fc.tuple(...entries), extras).map(([pairs, extra]) => {
    const members = [...pairs.filter((pair) => pair !== undefined), ...extra].map(
      ([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`,
    )
    return `{${members.join(',')}}`
  })
}

const brokenJson = fc.oneof(
  fc.constantFrom(
    '',
    '{',
    '{"a":}',
    "{'title':'x'}",
    '{"title":"x",}',
    'NaN',
    '1e999999',
    '[]',
    '""',
    'null',
    '0',
    'true',
    '{"__proto__":{"isAdmin":true}}',
    '{"constructor":{"prototype":{"isAdmin":true}}}',
    '{"title":"x","title":"y"}',
    '\ufeff{"title":"x"}',
    '{"title":"\\ud800"}',
    '{"title":"\\u0000"}',
  ),
  fc.integer({ min: 1, max: 40_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc
    .integer({ min: 1, max: 12_000 })
    .map((depth) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  fc.json({ depthSize: 'small' }),
  fc.string({ unit: 'binary', maxLength: 60 }),
)

function formBody(fields: Record<string, FieldKind>): fc.Arbitrary<string> {
  return fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom(...Object.keys(fields)), protoKeys, fc.string({ maxLength: 6 })),
        fc.oneof(hostileString, fc.constant(actor.password)),
      ),
      { maxLength: 5 },
    )
    .map((pairs) =>
      pairs.map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`).join('&'),
    )
}

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json; charset=latin1',
  'application/vnd.api+json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'text/html',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/octet-stream',
  'application/json, text/plain',
  ';;;',
)

const queryString = fc.oneof(
  fc
    .array(
      fc.tuple(
        fc.constantFrom(
          'limit',
          'cursor',
          'completed',
          'q',
          '__proto__',
          'constructor',
          'x',
          'q[]',
        ),
        fc.oneof(
          hostileString,
          fc.integer().map(String),
          fc.constantFrom('', '-1', '0', '201', '1.5', '1e2', 'true', 'yes', 'NaN', 'Infinity'),
          fc.uuid().map((id) => Buffer.from(`${Date.now()}:${id}`).toString('base64url')),
          fc
            .tuple(fc.bigInt({ min: 0n, max: 10n ** 16n }), fc.uuid())
            .map(([millis, id]) => Buffer.from(`${millis}:${id}`).toString('base64url')),
        ),
      ),
      { maxLength: 4 },
    )
    .map((pairs) =>
      pairs.map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`).join('&'),
    ),
  fc.constantFrom('&&&', '=', 'limit', 'a[b]=c', '%', '%zz=1', 'q=%F0%9F', 'q=%ED%A0%80', 'q=%00'),
)

const pathId = fc.oneof(
  fc.constant('ACTOR_TASK'),
  fc.constant('VICTIM_TASK'),
  fc.uuid().map((id) => percentEncode(id)),
  fc.uuid().map((id) => percentEncode(`urn:uuid:${id}`)),
  fc.uuid().map((id) => id.toUpperCase()),
  hostileString.map((text) => percentEncode(text.slice(0, 300))),
  fc.constantFrom(
    '%2e%2e',
    '..',
    '%00',
    '%',
    '%zz',
    '00000000-0000-0000-0000-00000000000g',
    'a'.repeat(250),
  ),
)

type AuthMode =
  'none' | 'token' | 'garbage' | 'cookie' | 'cookie-foreign-origin' | 'cookie-and-bad-header'
const authMode = fc.constantFrom<AuthMode>(
  'none',
  'token',
  'token',
  'token',
  'garbage',
  'cookie',
  'cookie-foreign-origin',
  'cookie-and-bad-header',
)

type BodyKind = 'none' | 'json' | 'broken' | 'form' | 'bytes'

const generatedRequest = fc
  .record({
    route: fc.constantFrom(...ROUTES),
    otherMethod: fc.option(
      fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
      {
        freq: 8,
      },
    ),
    auth: authMode,
    bodyKind: fc.constantFrom<BodyKind>('none', 'json', 'json', 'json', 'broken', 'form', 'bytes'),
    contentType: fc.option(contentType, { freq: 3 }),
    id: pathId,
    query: fc.option(queryString, { freq: 3 }),
    seed: fc.nat(),
  })
  .chain((request) =>
    fc
      .record({
        json: jsonBody(request.route.fields ?? { title: 'title' }),
        broken: brokenJson,
        form: formBody(request.route.formFields ?? request.route.fields ?? { title: 'title' }),
        bytes: fc.uint8Array({ maxLength: 200 }),
      })
      .map((bodies) => ({ ...request, bodies })),
  )

type GeneratedRequest = typeof generatedRequest extends fc.Arbitrary<infer T> ? T : never

function toInject(request: GeneratedRequest) {
  const method = request.otherMethod ?? request.route.method
  const id =
    request.id === 'ACTOR_TASK'
      ? actorTaskIds[request.seed % actorTaskIds.length]
      : request.id === 'VICTIM_TASK'
        ? victimTaskIds[request.seed % victimTaskIds.length]
        : request.id
  let url = `${API}${request.route.path.replace('{id}', id ?? randomUUID())}`
  if (request.query !== null) url += `?${request.query}`

  const headers: Record<string, string> = {}
  switch (request.auth) {
    case 'token':
      headers.authorization = `Bearer ${actor.token}`
      break
    case 'garbage':
      headers.authorization = `Bearer ${actor.token.slice(0, -4)}AAAA`
      break
    case 'cookie':
      headers.cookie = `app_session=${actor.token}`
      headers.origin = 'http://localhost:80'
      break
    case 'cookie-foreign-origin':
      headers.cookie = `app_session=${actor.token}`
      headers.origin = 'https://evil.example'
      break
    case 'cookie-and-bad-header':
      headers.cookie = `app_session=${actor.token}`
      headers.authorization = 'Basic dXNlcjpwYXNz'
      break
  }

  let payload: string | Buffer | undefined
  let type: string | undefined
  switch (request.bodyKind) {
    case 'json':
      payload = request.bodies.json
      type = 'application/json'
      break
    case 'broken':
      payload = request.bodies.broken
      type = 'application/json'
      break
    case 'form':
      payload = request.bodies.form
      type = 'application/x-www-form-urlencoded'
      break
    case 'bytes':
      payload = Buffer.from(request.bodies.bytes)
      type = 'application/octet-stream'
      break
  }
  if (request.contentType !== null) type = request.contentType
  if (type !== undefined && payload !== undefined) headers['content-type'] = type
  return { method, url, headers, payload }
}

/** Keeps `actor` usable after a generated request legitimately changed or removed the account. */
async function followAccountChanges(
  injected: ReturnType<typeof toInject>,
  response: LightMyRequestResponse,
) {
  if (response.statusCode >= 300) return
  const path = injected.url.split('?')[0]!.slice(API.length)
  const sent = (() => {
    try {
      return JSON.parse(String(injected.payload)) as Record<string, unknown>
    } catch {
      return {}
    }
  })()
  if (path === '/auth/password' && injected.method === 'POST') {
    actor.password = String(sent.new_password)
    actor.token = response.json().access_token
  } else if (path === '/auth/me' && injected.method === 'PATCH') {
    actor.email = response.json().email
  } else if (path === '/auth/logout-all' && injected.method === 'POST') {
    const login = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/login`,
      payload: { email: actor.email, password: actor.password },
    })
    assert.equal(login.statusCode, 200, login.body)
    actor.token = login.json().access_token
  } else if (path === '/auth/me' && injected.method === 'DELETE') {
    actor = await createUser(t.app, 'actor')
    actorTaskIds = [(await createTask(t.app, actor)).id]
    return
  }
  actor.auth = { authorization: `Bearer ${actor.token}` }
}

// A failure report prints its seed; FC_SEED=<seed> replays exactly that run.
const replay = process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) }

describe('generated hostile requests', () => {
  test('never get a 5xx; every refusal is problem+json and leaves every row as it was', async () => {
    await fc.assert(
      fc.asyncProperty(generatedRequest, async (request) => {
        const injected = toInject(request)
        const before = await snapshotDatabase()
        const response = await t.app.inject(injected)
        assertWellFormedAnswer(response, injected.method, injected.url)
        if (response.statusCode >= 400) {
          assert.equal(
            await snapshotDatabase(),
            before,
            `a refused ${injected.method} ${injected.url} changed the database`,
          )
        }
        await followAccountChanges(injected, response)
      }),
      { numRuns: 700, includeErrorInReport: true, ...replay },
    )
  })

  test('odd query strings on the task list never get a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(queryString, async (query) => {
        const url = `${API}/tasks?${query}`
        const response = await t.app.inject({ method: 'GET', url, headers: actor.auth })
        assertWellFormedAnswer(response, 'GET', url)
        if (response.statusCode === 200) {
          assert.ok(Array.isArray(response.json().items))
        }
      }),
      { numRuns: 300, includeErrorInReport: true, ...replay },
    )
  })

  test('afterwards the service is healthy and the other user sees exactly their own data', async () => {
    for (const path of ['/health', '/ready']) {
      assert.equal((await t.app.inject({ method: 'GET', url: `${API}${path}` })).statusCode, 200)
    }
    assert.equal(await snapshotOf(victim.id), victimSnapshot)
    const list = await t.app.inject({ method: 'GET', url: `${API}/tasks`, headers: victim.auth })
    assert.equal(list.statusCode, 200)
    assert.deepEqual(
      list
        .json()
        .items.map((task: { id: string }) => task.id)
        .sort(),
      [...victimTaskIds].sort(),
    )
    const login = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/login`,
      payload: { email: victim.email, password: victim.password },
    })
    assert.equal(login.statusCode, 200)
  })
})
