import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { API } from '../test/factories.js'
import { startTestApp, type TestApp } from '../test/test-app.js'

let t: TestApp
before(async () => {
  t = await startTestApp()
})
after(() => t.close())

test('the OpenAPI document describes every route with its statuses and auth', async () => {
  const response = await t.app.inject({ method: 'GET', url: `${API}/openapi.json` })
  assert.equal(response.statusCode, 200)
  const doc = response.json()
  assert.equal(doc.openapi, '3.1.0')
  const expected: Record<string, string[]> = {
    '/api/v1/auth/signup': ['post'],
    '/api/v1/auth/login': ['post'],
    '/api/v1/auth/me': ['get', 'patch', 'delete'],
    '/api/v1/auth/session': ['post', 'delete'],
    '/api/v1/auth/logout-all': ['post'],
    '/api/v1/auth/password': ['post'],
    '/api/v1/tasks': ['get', 'post'],
    '/api/v1/tasks/{id}': ['get', 'patch', 'delete'],
    '/api/v1/tasks/stats': ['get'],
    '/api/v1/health': ['get'],
    '/api/v1/ready': ['get'],
  }
  for (const [path, methods] of Object.entries(expected)) {
    for (const method of methods) assert.ok(doc.paths[path]?.[method], `${method} ${path}`)
  }
  const list = doc.paths['/api/v1/tasks'].get
  assert.deepEqual(Object.keys(list.responses).sort(), ['200', '401', '422'])
  assert.ok(list.security.some((entry: object) => 'bearerAuth' in entry))
  const login = doc.paths['/api/v1/auth/login'].post
  assert.ok(login.requestBody.content['application/x-www-form-urlencoded'])
  assert.equal(
    doc.components.securitySchemes.oauth2Password.flows.password.tokenUrl,
    '/api/v1/auth/login',
  )
  // The public user shape can never carry the password hash.
  const user = doc.paths['/api/v1/auth/me'].get.responses['200'].content['application/json'].schema
  assert.deepEqual(Object.keys(user.properties).sort(), ['created_at', 'email', 'id'])
})

test('interactive docs are served locally, with no CDN', async () => {
  const page = await t.app.inject({ method: 'GET', url: '/docs/' })
  assert.equal(page.statusCode, 200)
  assert.match(String(page.headers['content-type']), /text\/html/)
  assert.doesNotMatch(page.body, /https?:\/\/(?!localhost)[^"']*\.(js|css)/)
})
