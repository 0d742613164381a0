// POST /tasks runs a prepared INSERT with every column bound; these pin its defaults and echo.
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { startTestApp, type TestApp } from '../../test/test-app.js'
import { createTask, createUser } from '../../test/factories.js'

let t: TestApp
before(async () => {
  t = await startTestApp()
})
after(() => t.close())

test('a task with only a title is not done and has no description', async () => {
  const user = await createUser(t.app, 'create-defaults')
  const task = await createTask(t.app, user, { title: '  Buy milk  ' })
  assert.equal(task.title, 'Buy milk')
  assert.equal(task.description, null)
  assert.equal(task.completed, false)
  assert.equal(task.created_at, task.updated_at)
  assert.equal(task.created_at, new Date(task.created_at).toISOString())
})

test('every field sent is stored and answered', async () => {
  const user = await createUser(t.app, 'create-fields')
  const task = await createTask(t.app, user, {
    title: 'Call back',
    description: 'Before noon',
    completed: true,
  })
  assert.deepEqual(
    { title: task.title, description: task.description, completed: task.completed },
    { title: 'Call back', description: 'Before noon', completed: true },
  )
})
