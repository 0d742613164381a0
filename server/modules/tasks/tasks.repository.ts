import { and, count, desc, eq, ilike, sql, type SQL } from 'drizzle-orm'
import type { Database, NamedStatement } from '../../db/database.js'
import { isoFromUtcText, isoTimestamp } from '../../db/iso-timestamp.js'
import { tasks } from '../../db/schema.js'
import type { AccountRow } from '../auth/users.repository.js'
import type { TaskCursor } from './cursor.js'

/** A task as the API shows it; timestamps arrive as ISO 8601 text (see isoTimestamp). */
export interface TaskFields {
  id: string
  title: string
  description: string | null
  completed: boolean
  createdAt: string
  updatedAt: string
}
export interface NewTaskInput {
  title: string
  description?: string | null | undefined
  completed?: boolean | undefined
}
export type TaskChanges = Partial<NewTaskInput>

export interface ListOptions {
  limit: number
  after?: TaskCursor | undefined
  completed?: boolean | undefined
  titleContains?: string | undefined
}

const fields = {
  id: tasks.id,
  title: tasks.title,
  description: tasks.description,
  completed: tasks.completed,
  createdAt: isoTimestamp(tasks.createdAt),
  updatedAt: isoTimestamp(tasks.updatedAt),
}

export interface PageWithAccount {
  account: AccountRow
  tasks: TaskFields[]
}

// The list's hot path, hand-written: the user's row joined to a page of its newest tasks, so one
// statement both authenticates and answers. A user with no task on the page gives one row with
// null task columns; a missing user gives no row. Rows come back as arrays and are read by
// position below: drizzle's generic row mapping cost more than the query here.
const utcText = (column: string) => `(${column} at time zone 'UTC')::text`
const pageWithAccountSql = (afterCursor: boolean) => `
  select u.id, u.email, u.token_version, ${utcText('u.created_at')},
         t.id, t.title, t.description, t.completed, ${utcText('t.created_at')}, ${utcText('t.updated_at')}
  from users u
  left join lateral (
    select id, title, description, completed, created_at, updated_at
    from tasks
    where tasks.user_id = u.id${afterCursor ? ' and (created_at, id) < ($3, $4)' : ''}
    order by created_at desc, id desc
    limit $2
  ) t on true
  where u.id = $1`
const FIRST_PAGE_WITH_ACCOUNT: NamedStatement = {
  name: 'tasks_first_page_with_account',
  text: pageWithAccountSql(false),
}
const NEXT_PAGE_WITH_ACCOUNT: NamedStatement = {
  name: 'tasks_next_page_with_account',
  text: pageWithAccountSql(true),
}

function decodePageWithAccount(rows: unknown[][]): PageWithAccount | undefined {
  const first = rows[0]
  if (!first) return undefined
  const account: AccountRow = {
    id: first[0] as string,
    email: first[1] as string,
    tokenVersion: first[2] as number,
    createdAt: new Date(isoFromUtcText(first[3] as string)),
  }
  const page: TaskFields[] = []
  for (const row of rows) {
    if (row[4] === null) continue
    page.push({
      id: row[4] as string,
      title: row[5] as string,
      description: row[6] as string | null,
      completed: row[7] as boolean,
      createdAt: isoFromUtcText(row[8] as string),
      updatedAt: isoFromUtcText(row[9] as string),
    })
  }
  return { account, tasks: page }
}

// LIKE treats % and _ as wildcards; a search for "100%" means the characters.
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`)

/**
 * Every query is scoped by owner in its WHERE clause, so another user's task and a missing task
 * are the same "not found" and no caller can forget the check.
 */
export function createTasksRepository(database: Database) {
  const { db } = database
  // A plain list with its own limit (the default page goes through pageWithAccount): prepared once,
  // reused per connection.
  const firstPage = db
    .select(fields)
    .from(tasks)
    .where(eq(tasks.userId, sql.placeholder('ownerId')))
    .orderBy(desc(tasks.createdAt), desc(tasks.id))
    .limit(sql.placeholder('limit'))
    .prepare('tasks_first_page')

  // Creating is the most frequent write: prepared once per connection too, so neither drizzle
  // nor PostgreSQL builds and plans the same INSERT on every request.
  const insertTask = db
    .insert(tasks)
    .values({
      userId: sql.placeholder('ownerId'),
      title: sql.placeholder('title'),
      description: sql.placeholder('description'),
      completed: sql.placeholder('completed'),
    })
    .returning(fields)
    .prepare('tasks_insert')

  return {
    /**
     * A page of the list (newest first, no filter) and its owner's account in one round trip;
     * undefined when the user does not exist. Authentication and the list share it.
     */
    async pageWithAccount(
      ownerId: string,
      { limit, after }: { limit: number; after?: TaskCursor | undefined },
    ): Promise<PageWithAccount | undefined> {
      const rows = after
        ? await database.queryArrays(NEXT_PAGE_WITH_ACCOUNT, [
            ownerId,
            limit,
            after.createdAt,
            after.id,
          ])
        : await database.queryArrays(FIRST_PAGE_WITH_ACCOUNT, [ownerId, limit])
      return decodePageWithAccount(rows)
    },

    /** Newest first; returns up to `limit` rows. */
    async list(ownerId: string, options: ListOptions): Promise<TaskFields[]> {
      const { limit, after, completed, titleContains } = options
      if (!after && completed === undefined && !titleContains) {
        return firstPage.execute({ ownerId, limit })
      }
      const conditions: SQL[] = [eq(tasks.userId, ownerId)]
      if (completed !== undefined) conditions.push(eq(tasks.completed, completed))
      if (titleContains) conditions.push(ilike(tasks.title, `%${escapeLike(titleContains)}%`))
      if (after) {
        // Row comparison matches the (created_at DESC, id DESC) index order exactly.
        conditions.push(sql`(${tasks.createdAt}, ${tasks.id}) < (${after.createdAt}, ${after.id})`)
      }
      return db
        .select(fields)
        .from(tasks)
        .where(and(...conditions))
        .orderBy(desc(tasks.createdAt), desc(tasks.id))
        .limit(limit)
    },

    async find(ownerId: string, id: string): Promise<TaskFields | undefined> {
      const [row] = await db
        .select(fields)
        .from(tasks)
        .where(and(eq(tasks.userId, ownerId), eq(tasks.id, id)))
      return row
    },

    async create(ownerId: string, input: NewTaskInput): Promise<TaskFields> {
      const [row] = await insertTask.execute({
        ownerId,
        title: input.title,
        description: input.description ?? null,
        completed: input.completed ?? false,
      })
      return row!
    },

    async update(
      ownerId: string,
      id: string,
      changes: TaskChanges,
    ): Promise<TaskFields | undefined> {
      const [row] = await db
        .update(tasks)
        .set({
          ...changes,
          // Strictly later than before, even within the same millisecond, so clients see it move.
          updatedAt: sql`greatest(now(), ${tasks.updatedAt} + interval '1 millisecond')`,
        })
        .where(and(eq(tasks.userId, ownerId), eq(tasks.id, id)))
        .returning(fields)
      return row
    },

    async delete(ownerId: string, id: string): Promise<boolean> {
      const rows = await db
        .delete(tasks)
        .where(and(eq(tasks.userId, ownerId), eq(tasks.id, id)))
        .returning({ id: tasks.id })
      return rows.length > 0
    },

    async completeAll(ownerId: string): Promise<number> {
      const rows = await db
        .update(tasks)
        .set({
          completed: true,
          updatedAt: sql`greatest(now(), ${tasks.updatedAt} + interval '1 millisecond')`,
        })
        .where(and(eq(tasks.userId, ownerId), eq(tasks.completed, false)))
        .returning({ id: tasks.id })
      return rows.length
    },

    async deleteCompleted(ownerId: string): Promise<number> {
      const rows = await db
        .delete(tasks)
        .where(and(eq(tasks.userId, ownerId), eq(tasks.completed, true)))
        .returning({ id: tasks.id })
      return rows.length
    },

    async stats(ownerId: string): Promise<{ total: number; completed: number }> {
      const [row] = await db
        .select({
          total: count(),
          completed: sql<number>`count(*) filter (where ${tasks.completed})`.mapWith(Number),
        })
        .from(tasks)
        .where(eq(tasks.userId, ownerId))
      return row ?? { total: 0, completed: 0 }
    },
  }
}

export type TasksRepository = ReturnType<typeof createTasksRepository>
