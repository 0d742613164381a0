import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { PAGE_SIZE_DEFAULT } from '../../../contract/limits.js'
import {
  BulkResult,
  NewTask,
  Task,
  TaskIdParams,
  TaskList,
  TaskListQuery,
  TaskPatch,
  TaskStats,
} from '../../../contract/tasks.js'
import { currentUser, type AccountLoader } from '../../plugins/authenticate.js'
import { invalidField, notFound } from '../../plugins/errors.js'
import { bearerAuth, NoContent, problems } from '../../lib/route-schemas.js'
import { decodeCursor, encodeCursor } from './cursor.js'
import type { TaskFields, TasksRepository } from './tasks.repository.js'

export interface TaskRoutesOptions {
  tasks: TasksRepository
}

const toTask = (row: TaskFields): Task => ({
  id: row.id,
  title: row.title,
  description: row.description,
  completed: row.completed,
  created_at: row.createdAt,
  updated_at: row.updatedAt,
})

/** Titles are stored trimmed; one that is only whitespace is as good as missing. */
function cleanTitle(title: string): string {
  const trimmed = title.trim()
  if (trimmed === '') throw invalidField('title', 'must not be blank')
  return trimmed
}

const TASK_NOT_FOUND = 'Task not found.'
const schemaBase = { tags: ['tasks'], security: bearerAuth }

// Every route here runs `authenticate` first (the hook below covers only this plugin):
// the owner always comes from the token, never from the URL or the body.
export const taskRoutes: FastifyPluginAsyncTypebox<TaskRoutesOptions> = async (app, { tasks }) => {
  app.addHook('onRequest', app.authenticate)

  // GET /tasks is the hottest request of all. For the plain list (first page, or the next page
  // by cursor) authentication reads the account and the page in one statement, and the handler
  // finds the page here. Anything else (filters, a limit) takes the general path.
  const prefetchedPages = new WeakMap<FastifyRequest, TaskFields[]>()
  const loadAccountWithPage = async (
    userId: string,
    request: FastifyRequest,
    findAccount: AccountLoader,
  ) => {
    const query = request.query as Record<string, unknown>
    const keys = Object.keys(query)
    const after =
      keys.length === 1 && typeof query.cursor === 'string' ? decodeCursor(query.cursor) : undefined
    if (keys.length > 0 && !after) return findAccount(userId)
    // One extra row tells whether a next page exists, as in the handler.
    const found = await tasks.pageWithAccount(userId, { limit: PAGE_SIZE_DEFAULT + 1, after })
    if (found) prefetchedPages.set(request, found.tasks)
    return found?.account
  }

  app.get(
    '/tasks',
    {
      schema: {
        ...schemaBase,
        summary: 'List your tasks, newest first',
        querystring: TaskListQuery,
        response: { 200: TaskList, ...problems(401, 422) },
      },
      config: { loadAccount: loadAccountWithPage },
    },
    async (request) => {
      const { limit = PAGE_SIZE_DEFAULT, cursor, completed, q } = request.query
      const after = cursor === undefined ? undefined : decodeCursor(cursor)
      if (cursor !== undefined && !after) {
        throw invalidField(
          'cursor',
          'is not a cursor from this list; start again without it',
          'query',
        )
      }
      // One extra row tells whether a next page exists without a count query.
      const rows =
        prefetchedPages.get(request) ??
        (await tasks.list(currentUser(request).id, {
          limit: limit + 1,
          after,
          completed,
          titleContains: q?.trim() || undefined,
        }))
      const page = rows.slice(0, limit)
      const last = page.at(-1)
      return {
        items: page.map(toTask),
        next_cursor:
          rows.length > limit && last
            ? encodeCursor({ createdAt: new Date(last.createdAt), id: last.id })
            : null,
      }
    },
  )

  app.get(
    '/tasks/stats',
    {
      schema: {
        ...schemaBase,
        summary: 'How many tasks you have, done and not done',
        response: { 200: TaskStats, ...problems(401) },
      },
    },
    async (request) => {
      const { total, completed } = await tasks.stats(currentUser(request).id)
      return { total, completed, active: total - completed }
    },
  )

  app.post(
    '/tasks',
    {
      schema: {
        ...schemaBase,
        summary: 'Create a task',
        body: NewTask,
        response: { 201: Task, ...problems(400, 401, 403, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const { title, description, completed } = request.body
      const row = await tasks.create(currentUser(request).id, {
        title: cleanTitle(title),
        description,
        completed,
      })
      return reply.code(201).send(toTask(row))
    },
  )

  app.post(
    '/tasks/complete-all',
    {
      schema: {
        ...schemaBase,
        summary: 'Mark every task done',
        response: { 200: BulkResult, ...problems(401, 403) },
      },
    },
    async (request) => ({ count: await tasks.completeAll(currentUser(request).id) }),
  )

  app.post(
    '/tasks/clear-completed',
    {
      schema: {
        ...schemaBase,
        summary: 'Delete every completed task',
        response: { 200: BulkResult, ...problems(401, 403) },
      },
    },
    async (request) => ({ count: await tasks.deleteCompleted(currentUser(request).id) }),
  )

  app.get(
    '/tasks/:id',
    {
      schema: {
        ...schemaBase,
        summary: 'One of your tasks',
        params: TaskIdParams,
        response: { 200: Task, ...problems(401, 404, 422) },
      },
    },
    async (request) => {
      const row = await tasks.find(currentUser(request).id, request.params.id)
      if (!row) throw notFound(TASK_NOT_FOUND)
      return toTask(row)
    },
  )

  app.patch(
    '/tasks/:id',
    {
      schema: {
        ...schemaBase,
        summary: 'Change a task',
        params: TaskIdParams,
        body: TaskPatch,
        response: { 200: Task, ...problems(400, 401, 403, 404, 413, 415, 422) },
      },
    },
    async (request) => {
      const { title, ...rest } = request.body
      const row = await tasks.update(currentUser(request).id, request.params.id, {
        ...rest,
        ...(title === undefined ? {} : { title: cleanTitle(title) }),
      })
      if (!row) throw notFound(TASK_NOT_FOUND)
      return toTask(row)
    },
  )

  app.delete(
    '/tasks/:id',
    {
      schema: {
        ...schemaBase,
        summary: 'Delete a task',
        params: TaskIdParams,
        response: { 204: NoContent, ...problems(401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const deleted = await tasks.delete(currentUser(request).id, request.params.id)
      if (!deleted) throw notFound(TASK_NOT_FOUND)
      return reply.code(204).send(null)
    },
  )
}
