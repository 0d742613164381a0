import { sql } from 'drizzle-orm'
import {
  boolean,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'

// Millisecond precision: JavaScript dates hold milliseconds, so a timestamp read back and sent
// in a pagination cursor compares equal to the stored one (microseconds would skip or repeat rows).
const timestampMs = (name: string) =>
  timestamp(name, { withTimezone: true, precision: 3, mode: 'date' }).notNull().defaultNow()

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    // Every token carries the version it was issued under; bumping it revokes them all at once
    // without a denylist, and costs nothing because authentication reads the row anyway.
    tokenVersion: integer('token_version').notNull().default(0),
    createdAt: timestampMs('created_at'),
    updatedAt: timestampMs('updated_at'),
  },
  (table) => [uniqueIndex('users_email_lower_key').on(sql`lower(${table.email})`)],
)

export const tasks = pgTable(
  'tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description'),
    completed: boolean('completed').notNull().default(false),
    createdAt: timestampMs('created_at'),
    updatedAt: timestampMs('updated_at'),
  },
  (table) => [
    // NULLS FIRST is plain DESC, the order the queries ask for. Serves the newest-first keyset list of one user, whatever the table's size.
    index('tasks_user_newest_idx').on(
      table.userId,
      table.createdAt.desc().nullsFirst(),
      table.id.desc().nullsFirst(),
    ),
    // Same order within one completion state, for the Active / Completed filters.
    index('tasks_user_completed_newest_idx').on(
      table.userId,
      table.completed,
      table.createdAt.desc().nullsFirst(),
      table.id.desc().nullsFirst(),
    ),
  ],
)

export type UserRow = typeof users.$inferSelect
export type TaskRow = typeof tasks.$inferSelect
