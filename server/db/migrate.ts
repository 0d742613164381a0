import { migrationsDir } from '../paths.js'
import type { Database } from './database.js'

// Any fixed number: instances starting together take turns instead of racing the same DDL.
const MIGRATION_LOCK_KEY = 727_001

/** Applies every pending migration; safe to call from several instances at once. */
export async function runMigrations(database: Database): Promise<void> {
  // Only the driver in use is loaded (see database.ts).
  if (database.kind === 'embedded') {
    const [{ drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
      import('drizzle-orm/pglite'),
      import('drizzle-orm/pglite/migrator'),
    ])
    await migratePglite(drizzlePglite(database.client), { migrationsFolder: migrationsDir })
    return
  }
  const [{ drizzle: drizzleNodePg }, { migrate: migrateNodePg }] = await Promise.all([
    import('drizzle-orm/node-postgres'),
    import('drizzle-orm/node-postgres/migrator'),
  ])
  // A session-level advisory lock belongs to one connection, so the whole run uses one client.
  const client = await database.pool.connect()
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY])
    try {
      await migrateNodePg(drizzleNodePg(client), { migrationsFolder: migrationsDir })
    } finally {
      await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
    }
  } finally {
    client.release()
  }
}
