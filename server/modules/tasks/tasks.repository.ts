import { and, count, desc, eq, ilike, sql, type SQL } from 'drizzle-orm'
import type { Db } from '../../db/database.js'
import { isoTimestamp } from '../../db/iso-timestamp.js'
import { tasks } from '../../db/schema.js'
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

// LIKE treats % and _ as wildcards; a search for "100%" means the characters.
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`)

/**
 * Every query is scoped by owner in its WHERE clause, so another user's task and a missing task
 * are the same "not found" and no caller can forget the check.
 */
export function createTasksRepository(db: Db) {
  // The default list (no filter, no search) is the hot path: prepared once, reused per connection.
  const firstPage = db
    .select(fields)
    .from(tasks)
    .where(eq(tasks.userId, sql.placeholder('ownerId')))
    .orderBy(desc(tasks.createdAt), desc(tasks.id))
    .limit(sql.placeholder('limit'))
    .prepare('tasks_first_page')

  return {
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
      const [row] = await db
        .insert(tasks)
        .values({
          userId: ownerId,
          title: input.title,
          description: input.description ?? null,
          completed: input.completed ?? false,
        })
        .returning(fields)
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
