// A fresh PostgreSQL database per run, migrated with the service's own migrations and seeded in
// bulk SQL (generate_series): a million rows take seconds, not an hour of API calls.
import pg from 'pg'
import { randomBytes } from 'node:crypto'
import { openServerDatabase } from '../server/db/database.js'
import { runMigrations } from '../server/db/migrate.js'
import { onCleanup } from './cleanup.js'

export interface BenchDatabase {
  name: string
  url: string
  client: pg.Client
}

export async function createBenchDatabase(serverUrl: string): Promise<BenchDatabase> {
  const name = `bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`
  await withAdmin(serverUrl, (admin) => admin.query(`create database ${name}`))
  onCleanup(() =>
    withAdmin(serverUrl, (admin) => admin.query(`drop database if exists ${name} with (force)`)),
  )
  const url = new URL(serverUrl)
  url.pathname = `/${name}`

  const database = await openServerDatabase({ url: url.toString(), poolSize: 1 })
  try {
    await runMigrations(database)
  } finally {
    await database.close()
  }
  const client = new pg.Client({ connectionString: url.toString() })
  await client.connect()
  onCleanup(() => client.end())
  return { name, url: url.toString(), client }
}

async function withAdmin(serverUrl: string, work: (admin: pg.Client) => Promise<unknown>) {
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  try {
    await work(admin)
  } finally {
    await admin.end()
  }
}

export interface SeededUser {
  id: string
  email: string
}

// Ids derived from a name, so bulk statements can refer to users without a lookup table.
const idOf = (label: string) => `md5('bench-' || ${label})::uuid`

/** A user row per email, all sharing one precomputed hash (bcrypt at the service's cost). */
async function insertUsers(client: pg.Client, emails: string[], passwordHash: string) {
  await client.query(
    `insert into users (id, email, password_hash)
     select ${idOf('email')}, email, $2 from unnest($1::text[]) as email`,
    [emails, passwordHash],
  )
}

const userId = async (client: pg.Client, email: string): Promise<SeededUser> => {
  const { rows } = await client.query<{ id: string }>('select id from users where email = $1', [
    email,
  ])
  return { id: rows[0]!.id, email }
}

// Realistic rows: a third carry a description, a quarter are done.
const TASK_COLUMNS = `user_id, title, description, completed, created_at, updated_at`
const taskValues = (owner: string, n: string, createdAt: string) =>
  `${owner}, 'Task ' || ${n}, case when ${n} % 3 = 0 then 'Notes for task ' || ${n} || ': call back before noon, bring the papers' end,
   ${n} % 4 = 0, ${createdAt}, ${createdAt}`

export const SCALE_USER_EMAIL = 'scale-0@example.com'
export const SCALE_OTHER_USERS = 9_999
export const MILLION = 1_000_000
/** One row in this many of the million belongs to the scale user: 4,000 rows, page 50 exists. */
const SCALE_USER_SHARE = 250

/** The scale user with 1,000 tasks, written before anything else: the small-table baseline. */
export async function seedSmallTable(client: pg.Client, passwordHash: string): Promise<SeededUser> {
  await insertUsers(client, [SCALE_USER_EMAIL], passwordHash)
  const owner = await userId(client, SCALE_USER_EMAIL)
  await client.query(
    `insert into tasks (${TASK_COLUMNS})
     select ${taskValues('$1::uuid', 'n', `now() - interval '60 days' - n * interval '1 minute'`)}
     from generate_series(1, 1000) as n`,
    [owner.id],
  )
  await client.query('vacuum analyze tasks, users')
  return owner
}

/**
 * About a million tasks over 10,000 users, inserted in time order across users, so one user's
 * newest tasks lie on different heap pages as they would after months of real use (a per-user
 * block would flatter every query). The scale user owns one row in 250: newer than its first
 * 1,000 and enough for fifty pages.
 */
export async function seedMillionTasks(client: pg.Client, passwordHash: string): Promise<void> {
  const emails = Array.from({ length: SCALE_OTHER_USERS }, (_, i) => `scale-${i + 1}@example.com`)
  await insertUsers(client, emails, passwordHash)
  await client.query(
    `insert into tasks (${TASK_COLUMNS})
     select ${taskValues(
       `case when n % ${SCALE_USER_SHARE} = 0 then ${idOf(`'${SCALE_USER_EMAIL}'`)}
             else ${idOf(`'scale-' || (1 + n % ${SCALE_OTHER_USERS}) || '@example.com'`)} end`,
       'n',
       `now() - n * interval '1 second'`,
     )}
     from generate_series(0, ${MILLION - 1}) as n`,
  )
  // What autovacuum would have done by the time a table is this big: statistics and hint bits.
  await client.query('vacuum analyze tasks, users')
}

export interface MainData {
  /** Owns exactly 50 tasks: one default page. */
  listUser: SeededUser
  createUser: SeededUser
  loginUser: SeededUser
  mixedUsers: Array<SeededUser & { taskIds: string[] }>
}

export const MIXED_USERS = 1_000
const MIXED_TASKS_PER_USER = 20

export async function seedMainData(client: pg.Client, passwordHash: string): Promise<MainData> {
  const mixedEmails = Array.from({ length: MIXED_USERS }, (_, i) => `mixed-${i}@example.com`)
  await insertUsers(
    client,
    ['list@example.com', 'create@example.com', 'login@example.com', ...mixedEmails],
    passwordHash,
  )
  const listUser = await userId(client, 'list@example.com')
  await client.query(
    `insert into tasks (${TASK_COLUMNS})
     select ${taskValues('$1::uuid', 'n', `now() - n * interval '1 minute'`)}
     from generate_series(1, 50) as n`,
    [listUser.id],
  )
  await client.query(
    `insert into tasks (${TASK_COLUMNS})
     select ${taskValues(idOf('email'), 'n', `now() - n * interval '1 minute'`)}
     from generate_series(1, ${MIXED_TASKS_PER_USER}) as n, unnest($1::text[]) as email`,
    [mixedEmails],
  )
  await client.query('vacuum analyze tasks, users')
  const { rows } = await client.query<{ id: string; email: string; task_ids: string[] }>(
    `select u.id, u.email, array_agg(t.id) as task_ids
     from users u join tasks t on t.user_id = u.id
     where u.email = any($1::text[]) group by u.id, u.email`,
    [mixedEmails],
  )
  return {
    listUser,
    createUser: await userId(client, 'create@example.com'),
    loginUser: await userId(client, 'login@example.com'),
    mixedUsers: rows.map((row) => ({ id: row.id, email: row.email, taskIds: row.task_ids })),
  }
}
