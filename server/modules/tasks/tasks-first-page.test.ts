// GET /tasks with no query, or with only a cursor, reads the account and the page in one
// statement (tasks.pageWithAccount). These tests pin that it answers exactly as the general path
// does and refuses exactly the tokens authentication refuses.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { startTestApp, type TestApp } from '../../test/test-app.js'
import { API, assertProblem, createTask, createUser, type TestUser } from '../../test/factories.js'

let t: TestApp
before(async () => {
  t = await startTestApp()
})
after(() => t.close())

const list = (user: TestUser, query = '') =>
  t.app.inject({ method: 'GET', url: `${API}/tasks${query}`, headers: user.auth })

describe('GET /tasks, default page', () => {
  test('answers exactly what the general query path answers, cursor included', async () => {
    const user = await createUser(t.app, 'first-page')
    const created = []
    for (let i = 0; i < 52; i++) created.push(await createTask(t.app, user, { title: `Task ${i}` }))

    const fast = await list(user)
    const general = await list(user, '?limit=50')
    assert.equal(fast.statusCode, 200, fast.body)
    assert.deepEqual(fast.json(), general.json())

    const body = fast.json() as { items: Array<{ id: string }>; next_cursor: string }
    assert.equal(body.items.length, 50)
    assert.deepEqual(body.items[0], created.at(-1), 'newest first, fields as created')

    const next = await list(user, `?cursor=${body.next_cursor}`)
    assert.equal(next.statusCode, 200, next.body)
    assert.deepEqual(next.json(), (await list(user, `?cursor=${body.next_cursor}&limit=50`)).json())
    assert.deepEqual(next.json(), { items: [created[1], created[0]], next_cursor: null })
  })

  test('refuses a cursor it did not issue with 422, after authenticating', async () => {
    const user = await createUser(t.app, 'first-page-bad-cursor')
    assertProblem(await list(user, '?cursor=not-a-cursor'), 422)
    assertProblem(
      await t.app.inject({ method: 'GET', url: `${API}/tasks?cursor=not-a-cursor` }),
      401,
    )
  })

  test('writes timestamps as Date#toISOString does', async () => {
    const user = await createUser(t.app, 'first-page-dates')
    await createTask(t.app, user)
    const [task] = (await list(user)).json().items
    for (const value of [task.created_at, task.updated_at]) {
      assert.equal(value, new Date(value).toISOString())
    }
  })

  test('answers an empty page for a user without tasks', async () => {
    const user = await createUser(t.app, 'first-page-empty')
    const response = await list(user)
    assert.equal(response.statusCode, 200, response.body)
    assert.deepEqual(response.json(), { items: [], next_cursor: null })
  })

  test('refuses a revoked token with 401', async () => {
    const user = await createUser(t.app, 'first-page-revoked')
    await createTask(t.app, user)
    const revoke = await t.app.inject({
      method: 'POST',
      url: `${API}/auth/logout-all`,
      headers: user.auth,
    })
    assert.equal(revoke.statusCode, 204, revoke.body)
    assertProblem(await list(user), 401)
    const cursor = Buffer.from(`${Date.now()}:${randomUUID()}`).toString('base64url')
    assertProblem(await list(user, `?cursor=${cursor}`), 401)
  })

  test("refuses a deleted user's token with 401", async () => {
    const user = await createUser(t.app, 'first-page-deleted')
    await createTask(t.app, user)
    const removal = await t.app.inject({
      method: 'DELETE',
      url: `${API}/auth/me`,
      headers: user.auth,
      payload: { password: user.password },
    })
    assert.equal(removal.statusCode, 204, removal.body)
    assertProblem(await list(user), 401)
  })

  test("never shows another user's tasks", async () => {
    const owner = await createUser(t.app, 'first-page-owner')
    const other = await createUser(t.app, 'first-page-other')
    await createTask(t.app, owner, { title: 'Private' })
    assert.deepEqual((await list(other)).json().items, [])
  })
})
