import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, test } from 'node:test'
import { DESCRIPTION_MAX_LENGTH, TITLE_MAX_LENGTH } from '../../../contract/limits.js'
import { API, assertProblem, createTask, createUser, type TestUser } from '../../test/factories.js'
import { startTestApp, type TestApp } from '../../test/test-app.js'

let t: TestApp
before(async () => {
  t = await startTestApp()
})
after(() => t.close())

const TASK_KEYS = ['completed', 'created_at', 'description', 'id', 'title', 'updated_at']

function request(
  user: TestUser | undefined,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  payload?: unknown,
) {
  return t.app.inject({
    method,
    url: `${API}${path}`,
    ...(user ? { headers: user.auth } : {}),
    ...(payload === undefined ? {} : { payload: payload as object }),
  })
}

describe('POST /tasks', () => {
  test('creates a task with defaults and answers 201 with exactly the task fields', async () => {
    const user = await createUser(t.app)
    const response = await request(user, 'POST', '/tasks', { title: '  Water the plants  ' })
    assert.equal(response.statusCode, 201)
    const task = response.json()
    assert.deepEqual(Object.keys(task).sort(), TASK_KEYS)
    assert.equal(task.title, 'Water the plants')
    assert.equal(task.description, null)
    assert.equal(task.completed, false)
    assert.equal(task.created_at, task.updated_at)
    assert.match(task.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
  })

  test('stores description and completed when given', async () => {
    const user = await createUser(t.app)
    const task = await createTask(t.app, user, {
      title: 'Call Bob',
      description: 'About the 🎉 party',
      completed: true,
    })
    assert.equal(task.description, 'About the 🎉 party')
    assert.equal(task.completed, true)
  })

  test('accepts the longest title and description', async () => {
    const user = await createUser(t.app)
    const task = await createTask(t.app, user, {
      title: 'T'.repeat(TITLE_MAX_LENGTH),
      description: 'd'.repeat(DESCRIPTION_MAX_LENGTH),
    })
    assert.equal(task.title.length, TITLE_MAX_LENGTH)
  })

  for (const [label, payload, field] of [
    ['a missing title', {}, 'title'],
    ['an empty title', { title: '' }, 'title'],
    ['a blank title', { title: '   \t ' }, 'title'],
    ['a title too long', { title: 'x'.repeat(TITLE_MAX_LENGTH + 1) }, 'title'],
    [
      'a description too long',
      { title: 'ok', description: 'x'.repeat(DESCRIPTION_MAX_LENGTH + 1) },
      'description',
    ],
    ['a string for completed', { title: 'ok', completed: 'yes' }, 'completed'],
    ['a number for title', { title: 42 }, 'title'],
    ['an owner field', { title: 'ok', user_id: randomUUID() }, 'user_id'],
    ['an id field', { title: 'ok', id: randomUUID() }, 'id'],
  ] as const) {
    test(`refuses ${label} with 422 naming the field`, async () => {
      const user = await createUser(t.app)
      const problem = assertProblem(await request(user, 'POST', '/tasks', payload), 422)
      assert.ok(
        problem.errors?.some((error) => error.field === field),
        JSON.stringify(problem),
      )
    })
  }

  test('refuses a body that is not an object', async () => {
    const user = await createUser(t.app)
    assertProblem(await request(user, 'POST', '/tasks', ['title']), 422)
  })

  test('answers 401 without a token and creates nothing', async () => {
    const user = await createUser(t.app)
    assertProblem(await request(undefined, 'POST', '/tasks', { title: 'sneaky' }), 401)
    assert.deepEqual((await request(user, 'GET', '/tasks')).json().items, [])
  })
})

describe('GET /tasks/:id', () => {
  test('returns the task', async () => {
    const user = await createUser(t.app)
    const task = await createTask(t.app, user, { title: 'Read' })
    const response = await request(user, 'GET', `/tasks/${task.id}`)
    assert.equal(response.statusCode, 200)
    assert.deepEqual(response.json(), task)
  })

  test('answers 404 for an id that does not exist', async () => {
    const user = await createUser(t.app)
    assertProblem(await request(user, 'GET', `/tasks/${randomUUID()}`), 404)
  })

  test('answers 422 for an id that is not a UUID', async () => {
    const user = await createUser(t.app)
    for (const id of ['123', 'not-a-uuid', `${randomUUID()}x`, "1' or '1'='1"]) {
      const response = await request(user, 'GET', `/tasks/${encodeURIComponent(id)}`)
      const problem = assertProblem(response, 422)
      assert.equal(problem.errors?.[0]?.field, 'id')
    }
  })
})

describe('PATCH /tasks/:id', () => {
  test('changes only the fields given and moves updated_at', async () => {
    const user = await createUser(t.app)
    const task = await createTask(t.app, user, { title: 'Draft', description: 'v1' })
    const response = await request(user, 'PATCH', `/tasks/${task.id}`, { completed: true })
    assert.equal(response.statusCode, 200)
    const updated = response.json()
    assert.equal(updated.completed, true)
    assert.equal(updated.title, 'Draft')
    assert.equal(updated.description, 'v1')
    assert.equal(updated.created_at, task.created_at)
    assert.ok(Date.parse(updated.updated_at) > Date.parse(task.updated_at))
  })

  test('trims the title and clears the description with null', async () => {
    const user = await createUser(t.app)
    const task = await createTask(t.app, user, { title: 'Old', description: 'gone soon' })
    const updated = (
      await request(user, 'PATCH', `/tasks/${task.id}`, { title: ' New ', description: null })
    ).json()
    assert.equal(updated.title, 'New')
    assert.equal(updated.description, null)
  })

  for (const [label, payload] of [
    ['an empty patch', {}],
    ['a null title', { title: null }],
    ['a blank title', { title: '  ' }],
    ['a string completed', { completed: 'false' }],
    ['an owner change', { user_id: randomUUID() }],
  ] as const) {
    test(`refuses ${label} with 422 and changes nothing`, async () => {
      const user = await createUser(t.app)
      const task = await createTask(t.app, user, { title: 'Keep me' })
      assertProblem(await request(user, 'PATCH', `/tasks/${task.id}`, payload), 422)
      assert.deepEqual((await request(user, 'GET', `/tasks/${task.id}`)).json(), task)
    })
  }

  test('answers 404 for a missing task', async () => {
    const user = await createUser(t.app)
    assertProblem(await request(user, 'PATCH', `/tasks/${randomUUID()}`, { completed: true }), 404)
  })
})

describe('DELETE /tasks/:id', () => {
  test('deletes with 204 and an empty body, then the task is gone', async () => {
    const user = await createUser(t.app)
    const task = await createTask(t.app, user)
    const response = await request(user, 'DELETE', `/tasks/${task.id}`)
    assert.equal(response.statusCode, 204)
    assert.equal(response.body, '')
    assertProblem(await request(user, 'GET', `/tasks/${task.id}`), 404)
    assertProblem(await request(user, 'DELETE', `/tasks/${task.id}`), 404)
  })
})

describe('bulk actions and stats', () => {
  test('complete-all, clear-completed and stats count only the caller’s tasks', async () => {
    const user = await createUser(t.app)
    const other = await createUser(t.app, 'other')
    await createTask(t.app, other, { title: 'Theirs', completed: true })
    await createTask(t.app, user, { title: 'One' })
    await createTask(t.app, user, { title: 'Two' })
    await createTask(t.app, user, { title: 'Three', completed: true })

    assert.deepEqual((await request(user, 'GET', '/tasks/stats')).json(), {
      total: 3,
      active: 2,
      completed: 1,
    })
    assert.deepEqual((await request(user, 'POST', '/tasks/complete-all')).json(), { count: 2 })
    assert.deepEqual((await request(user, 'GET', '/tasks/stats')).json(), {
      total: 3,
      active: 0,
      completed: 3,
    })
    assert.deepEqual((await request(user, 'POST', '/tasks/clear-completed')).json(), { count: 3 })
    assert.deepEqual((await request(user, 'GET', '/tasks/stats')).json(), {
      total: 0,
      active: 0,
      completed: 0,
    })
    assert.deepEqual((await request(other, 'GET', '/tasks/stats')).json(), {
      total: 1,
      active: 0,
      completed: 1,
    })
  })
})

describe('GET /tasks filters', () => {
  test('filters by completed and searches titles case-insensitively, wildcards taken literally', async () => {
    const user = await createUser(t.app)
    await createTask(t.app, user, { title: 'Buy MILK' })
    await createTask(t.app, user, { title: 'Pay 100% of rent', completed: true })
    await createTask(t.app, user, { title: 'Walk the dog' })
    const titles = async (query: string) =>
      (await request(user, 'GET', `/tasks?${query}`))
        .json()
        .items.map((task: { title: string }) => task.title)

    assert.deepEqual(await titles('completed=true'), ['Pay 100% of rent'])
    assert.deepEqual(await titles('completed=false'), ['Walk the dog', 'Buy MILK'])
    assert.deepEqual(await titles('q=milk'), ['Buy MILK'])
    assert.deepEqual(await titles(`q=${encodeURIComponent('100%')}`), ['Pay 100% of rent'])
    assert.deepEqual(await titles(`q=${encodeURIComponent('%')}`), ['Pay 100% of rent'])
    assert.deepEqual(await titles('q=_'), [])
    assert.deepEqual(await titles('q=dog&completed=true'), [])
  })

  for (const query of [
    'limit=0',
    'limit=201',
    'limit=abc',
    'completed=maybe',
    'cursor=garbage',
    `q=${'x'.repeat(201)}`,
  ]) {
    test(`answers 422 for ${query.slice(0, 20)}`, async () => {
      const user = await createUser(t.app)
      assertProblem(await request(user, 'GET', `/tasks?${query}`), 422)
    })
  }
})
