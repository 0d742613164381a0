// One interface over the two ways the service stores data: embedded PGlite (a laptop, no server)
// and a PostgreSQL server through a node-postgres pool (production, Neon, several instances).
// Each driver is imported only when it is used: loading the one a process does not need cost a
// tenth of a second or more at start-up.
import type { PGlite } from '@electric-sql/pglite'
import type { ExtractTablesWithRelations } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import type pg from 'pg'
import { join } from 'node:path'
import { lockDataDir } from './data-dir-lock.js'
import * as schema from './schema.js'

export type Schema = typeof schema
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>

/** A hand-written statement; the name lets the driver prepare it once per connection. */
export interface NamedStatement {
  name: string
  text: string
}

interface DatabaseBase {
  readonly db: Db
  /**
   * Runs a hand-written statement and returns its rows as arrays of driver values. Only for the
   * hottest queries, where drizzle's per-field row mapping costs more than the query itself.
   */
  queryArrays(statement: NamedStatement, values: unknown[]): Promise<unknown[][]>
  /** Resolves when the database answers a trivial query within the timeout. */
  ping(timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

export type EmbeddedDatabase = DatabaseBase & { readonly kind: 'embedded'; readonly client: PGlite }
export type ServerDatabase = DatabaseBase & { readonly kind: 'server'; readonly pool: pg.Pool }
export type Database = EmbeddedDatabase | ServerDatabase

export interface EmbeddedOptions {
  /** Directory for the data files; omitted means in memory (tests). */
  dataDir?: string
  /** A tarball from PGlite's dumpDataDir to start from (tests start from a migrated template). */
  loadDataDir?: Blob
}

export async function openEmbeddedDatabase(
  options: EmbeddedOptions = {},
): Promise<EmbeddedDatabase> {
  // PGlite has no multi-process coordination: a second process on the same files loses
  // committed rows silently. The lock turns that into a refusal to start.
  const lock = options.dataDir ? await lockDataDir(options.dataDir) : undefined
  const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
  ])
  let client: PGlite
  try {
    client = await PGlite.create({
      ...(options.dataDir ? { dataDir: join(options.dataDir, 'pglite') } : {}),
      ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    })
  } catch (error) {
    await lock?.release()
    throw error
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db
  return {
    kind: 'embedded',
    client,
    db,
    // PGlite runs one statement at a time in process; there is no connection to prepare it on.
    queryArrays: async ({ text }, values) =>
      (await client.query<unknown[]>(text, values, { rowMode: 'array' })).rows,
    ping: (timeoutMs) => withTimeout(client.query('select 1'), timeoutMs),
    close: once(async () => {
      await client.close()
      await lock?.release()
    }),
  }
}

export interface ServerOptions {
  url: string
  poolSize: number
  applicationName?: string
  /** Told about connection errors on idle clients, which would otherwise crash the process. */
  onIdleClientError?: (error: Error) => void
}

export async function openServerDatabase(options: ServerOptions): Promise<ServerDatabase> {
  const [{ default: pg }, { drizzle: drizzleNodePg }] = await Promise.all([
    import('pg'),
    import('drizzle-orm/node-postgres'),
  ])
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    application_name: options.applicationName ?? 'todo-api',
    // Fail fast rather than queue forever when the server is unreachable; /ready reports it.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // A runaway query must not hold a pooled connection (and a request) indefinitely.
    statement_timeout: 15_000,
  })
  pool.on('error', (error) => options.onIdleClientError?.(error))
  const db = drizzleNodePg(pool, { schema }) as unknown as Db
  return {
    kind: 'server',
    pool,
    db,
    queryArrays: async ({ name, text }, values) =>
      (await pool.query<unknown[]>({ name, text, values, rowMode: 'array' })).rows,
    ping: async (timeoutMs) => {
      await withTimeout(pool.query('select 1'), timeoutMs)
    },
    close: once(() => pool.end()),
  }
}

/** Closing twice (a shutdown hook and an error path, say) closes once and both callers wait for it. */
function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined
  return () => (closing ??= close())
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs = 2_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`database did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    )
  })
  try {
    await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
