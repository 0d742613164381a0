// npm run db:migrate: applies pending migrations to the configured database (DATABASE_URL, or the
// embedded one in DATA_DIR) and exits. The service also migrates at start-up; this is for deploys
// that migrate as a separate step.
import { loadConfig } from '../server/config.js'
import { openEmbeddedDatabase, openServerDatabase } from '../server/db/database.js'
import { runMigrations } from '../server/db/migrate.js'

const config = loadConfig()
const database = config.databaseUrl
  ? await openServerDatabase({ url: config.databaseUrl, poolSize: 1 })
  : await openEmbeddedDatabase({ dataDir: config.dataDir })
try {
  await runMigrations(database)
  console.log(`Migrations applied (${database.kind} database).`)
} finally {
  await database.close()
}
