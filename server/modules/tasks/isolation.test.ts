// Nobody ever sees or changes anyone else's tasks, whatever verb or URL they try, and the
// answer never hints that the task exists (404, like a missing one; never 403).
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { API, assertProblem, createTask, createUser, type TestUser } from '../../test/factories.js'
import { startTestApp, type TestApp } from '../../test/test-app.js'

let t: TestApp
let alice: TestUser
let bob: TestUser
let alicesTask: Awaited<ReturnType<typeof createTask>>

before(async () => {
  t = await startTestApp()
  alice = await createUser(t.app, 'alice')
  bob = await createUser(t.app, 'bob')
  alicesTask = await createTask(t.app, alice, { title: 'Alice only', description: 'private' })
})
after(() => t.close())

async function assertAlicesTaskUnchanged() {
  const response = await t.app.inject({
    method: 'GET',
    url: `${API}/tasks/${alicesTask.id}`,
    headers: alice.auth,
  })
  assert.equal(response.statusCode, 200)
  assert.deepEqual(response.json(), alicesTask)
}

test('B does not see A’s task in the list, with any filter or search', async () => {
  for (const query of ['', '?completed=false', '?q=Alice', '?limit=200']) {
    const response = await t.app.inject({
      method: 'GET',
      url: `${API}/tasks${query}`,
      headers: bob.auth,
    })
    assert.equal(response.statusCode, 200)
    assert.deepEqual(response.json().items, [])
  }
  const stats = await t.app.inject({ method: 'GET', url: `${API}/tasks/stats`, headers: bob.auth })
  assert.equal(stats.json().total, 0)
})

test('B cannot read A’s task: 404 exactly like a missing one', async () => {
  const response = await t.app.inject({
    method: 'GET',
    url: `${API}/tasks/${alicesTask.id}`,
    headers: bob.auth,
  })
  const missing = await t.app.inject({
    method: 'GET',
    url: `${API}/tasks/00000000-0000-4000-8000-000000000000`,
    headers: bob.auth,
  })
  assert.equal(assertProblem(response, 404).detail, assertProblem(missing, 404).detail)
})

test('B cannot patch A’s task, and it stays unchanged', async () => {
  const response = await t.app.inject({
    method: 'PATCH',
    url: `${API}/tasks/${alicesTask.id}`,
    headers: bob.auth,
    payload: { title: 'pwned', completed: true },
  })
  assertProblem(response, 404)
  await assertAlicesTaskUnchanged()
})

test('B cannot delete A’s task, and it stays', async () => {
  assertProblem(
    await t.app.inject({
      method: 'DELETE',
      url: `${API}/tasks/${alicesTask.id}`,
      headers: bob.auth,
    }),
    404,
  )
  await assertAlicesTaskUnchanged()
})

test('B’s bulk actions leave A’s tasks alone', async () => {
  await createTask(t.app, bob, { title: 'Bob done', completed: true })
  assert.equal(
    (await t.app.inject({ method: 'POST', url: `${API}/tasks/complete-all`, headers: bob.auth }))
      .statusCode,
    200,
  )
  assert.equal(
    (await t.app.inject({ method: 'POST', url: `${API}/tasks/clear-completed`, headers: bob.auth }))
      .statusCode,
    200,
  )
  await assertAlicesTaskUnchanged()
})

test('an owner id in the body or query never selects another user', async () => {
  const create = await t.app.inject({
    method: 'POST',
    url: `${API}/tasks`,
    headers: bob.auth,
    payload: { title: 'as alice', user_id: alice.id },
  })
  assertProblem(create, 422)
  const list = await t.app.inject({
    method: 'GET',
    url: `${API}/tasks?user_id=${alice.id}`,
    headers: bob.auth,
  })
  assert.deepEqual(list.json().items, [])
  await assertAlicesTaskUnchanged()
})
