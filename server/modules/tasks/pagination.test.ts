import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { tasks } from '../../db/schema.js'
import { API, createUser, type TestUser } from '../../test/factories.js'
import { startTestApp, type TestApp } from '../../test/test-app.js'

let t: TestApp
let user: TestUser
const TOTAL = 137

before(async () => {
  t = await startTestApp()
  user = await createUser(t.app)
  // Many rows share a created_at (one statement, one now()), so the id must break ties for
  // pagination to neither skip nor repeat; the rest are spread over distinct milliseconds.
  const base = Date.now()
  await t.testDatabase.database.db.insert(tasks).values(
    Array.from({ length: TOTAL }, (_, i) => ({
      userId: user.id,
      title: `Task ${String(i).padStart(3, '0')}`,
      completed: i % 3 === 0,
      createdAt: new Date(base - (i < 60 ? 0 : i * 1000)),
    })),
  )
})
after(() => t.close())

async function collect(query: string, limit: number) {
  const seen: Array<{ id: string; created_at: string }> = []
  let cursor: string | null = null
  let pages = 0
  do {
    const url: string = `${API}/tasks?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
    const response = await t.app.inject({ method: 'GET', url, headers: user.auth })
    assert.equal(response.statusCode, 200, response.body)
    const body = response.json()
    assert.ok(body.items.length <= limit)
    seen.push(...body.items)
    cursor = body.next_cursor
    pages++
    assert.ok(pages < 1000, 'pagination does not terminate')
  } while (cursor)
  return { seen, pages }
}

test('walking every page returns each task exactly once, newest first', async () => {
  for (const limit of [1, 7, 50, 200]) {
    const { seen, pages } = await collect('', limit)
    assert.equal(seen.length, TOTAL, `limit ${limit}`)
    assert.equal(new Set(seen.map((task) => task.id)).size, TOTAL, `limit ${limit}`)
    assert.equal(pages, Math.ceil(TOTAL / limit))
    for (let i = 1; i < seen.length; i++) {
      const previous = seen[i - 1]!
      const current = seen[i]!
      const order =
        previous.created_at.localeCompare(current.created_at) ||
        previous.id.localeCompare(current.id)
      assert.ok(order > 0, `not newest first at ${i} with limit ${limit}`)
    }
  }
})

test('the default page holds 50 tasks and the last page has no next cursor', async () => {
  const first = (
    await t.app.inject({ method: 'GET', url: `${API}/tasks`, headers: user.auth })
  ).json()
  assert.equal(first.items.length, 50)
  assert.equal(typeof first.next_cursor, 'string')
  const all = (
    await t.app.inject({ method: 'GET', url: `${API}/tasks?limit=200`, headers: user.auth })
  ).json()
  assert.equal(all.items.length, TOTAL)
  assert.equal(all.next_cursor, null)
})

test('filtered pagination is complete too', async () => {
  const { seen } = await collect('&completed=true', 5)
  assert.equal(seen.length, Math.ceil(TOTAL / 3))
  assert.equal(new Set(seen.map((task) => task.id)).size, seen.length)
})

test('a task created between pages neither shifts nor repeats rows', async () => {
  const first = (
    await t.app.inject({ method: 'GET', url: `${API}/tasks?limit=10`, headers: user.auth })
  ).json()
  await t.app.inject({
    method: 'POST',
    url: `${API}/tasks`,
    headers: user.auth,
    payload: { title: 'Newcomer' },
  })
  const second = (
    await t.app.inject({
      method: 'GET',
      url: `${API}/tasks?limit=10&cursor=${encodeURIComponent(first.next_cursor)}`,
      headers: user.auth,
    })
  ).json()
  const ids = new Set(first.items.map((task: { id: string }) => task.id))
  assert.ok(
    second.items.every(
      (task: { id: string; title: string }) => !ids.has(task.id) && task.title !== 'Newcomer',
    ),
  )
})

test('a cursor from another user’s list reveals nothing of theirs', async () => {
  const first = (
    await t.app.inject({ method: 'GET', url: `${API}/tasks?limit=5`, headers: user.auth })
  ).json()
  const stranger = await createUser(t.app, 'stranger')
  const response = await t.app.inject({
    method: 'GET',
    url: `${API}/tasks?cursor=${encodeURIComponent(first.next_cursor)}`,
    headers: stranger.auth,
  })
  assert.equal(response.statusCode, 200)
  assert.deepEqual(response.json().items, [])
})
