import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { API, assertProblem } from '../../test/factories.js'
import { startTestApp, type TestApp } from '../../test/test-app.js'

let t: TestApp
before(async () => {
  t = await startTestApp()
})
after(() => t.close())

test('health answers 200 while the process lives', async () => {
  const response = await t.app.inject({ method: 'GET', url: `${API}/health` })
  assert.equal(response.statusCode, 200)
  assert.deepEqual(response.json(), { status: 'ok' })
})

test('ready answers 200 when the database answers, 503 when it does not', async () => {
  assert.equal((await t.app.inject({ method: 'GET', url: `${API}/ready` })).statusCode, 200)
  const down = await startTestApp()
  await down.testDatabase.database.close()
  const response = await down.app.inject({ method: 'GET', url: `${API}/ready` })
  assertProblem(response, 503)
  assert.equal(response.headers['retry-after'], '5')
  const alive = await down.app.inject({ method: 'GET', url: `${API}/health` })
  assert.equal(alive.statusCode, 200)
  await down.close()
})

test('unknown API paths answer 404 problem+json', async () => {
  assertProblem(await t.app.inject({ method: 'GET', url: `${API}/nope` }), 404)
  assertProblem(await t.app.inject({ method: 'DELETE', url: `${API}/tasks` }), 404)
})
