// Runs the service: configuration, database, migrations, HTTP, and a graceful shutdown.
// With WEB_CONCURRENCY > 1 the primary process migrates once and forks that many workers,
// which share the port; each has its own connection pool.
import closeWithGrace from 'close-with-grace'
import cluster from 'node:cluster'
import type { Logger } from 'pino'
import { ConfigError, loadConfig, type Config } from './config.js'
import { openEmbeddedDatabase, openServerDatabase, type Database } from './db/database.js'
import { runMigrations } from './db/migrate.js'
import { createLogger } from './lib/logger.js'
import { joinSharedSemaphore, serveSharedSemaphore, type Slots } from './lib/shared-semaphore.js'

const SHUTDOWN_GRACE_MS = 10_000
// HASH_CONCURRENCY is per host: the primary holds the bcrypt slots and workers borrow them.
const HASH_SLOTS = 'bcrypt'

function openDatabase(config: Config, logger: Logger): Promise<Database> {
  return config.databaseUrl
    ? openServerDatabase({
        url: config.databaseUrl,
        poolSize: config.dbPoolSize,
        onIdleClientError: (error) =>
          logger.warn({ err: error }, 'idle database connection failed'),
      })
    : openEmbeddedDatabase({ dataDir: config.dataDir })
}

async function serve(
  config: Config,
  logger: Logger,
  migrate: boolean,
  hashSlots?: Slots,
): Promise<void> {
  // The app's modules load while the database opens (PGlite compiles and starts PostgreSQL in
  // WebAssembly, about half a second): start-up waits for the longer of the two, not the sum.
  const [database, { buildApp }] = await Promise.all([
    openDatabase(config, logger),
    import('./app.js'),
  ])
  if (migrate) await runMigrations(database)
  const app = await buildApp({ config, database, logger, hashSlots })
  app.addHook('onClose', () => database.close())

  closeWithGrace({ delay: SHUTDOWN_GRACE_MS, logger }, async ({ signal, err }) => {
    if (err) logger.error({ err }, 'shutting down after an unexpected error')
    else logger.info({ signal }, 'shutting down: finishing in-flight requests')
    // Stops accepting connections, waits for in-flight requests, then runs onClose (pool, lock).
    await app.close()
  })

  await app.listen({ host: config.host, port: config.port })
  logger.info({ database: database.kind }, `ready on http://${config.host}:${config.port}`)
}

async function runPrimary(config: Config, logger: Logger): Promise<void> {
  const database = await openDatabase(config, logger)
  await runMigrations(database)
  await database.close()

  serveSharedSemaphore(cluster, HASH_SLOTS, config.hashConcurrency)
  let stopping = false
  const fork = () => cluster.fork()
  for (let i = 0; i < config.webConcurrency; i++) fork()
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0)
      return
    }
    logger.error({ pid: worker.process.pid, code, signal }, 'worker died; starting a new one')
    fork()
  })
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'stopping workers')
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM')
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS + 2_000).unref()
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
  logger.info({ workers: config.webConcurrency }, 'primary started')
}

async function main(): Promise<void> {
  let config: Config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message)
      process.exit(1)
    }
    throw error
  }
  const logger = createLogger(config.logLevel)
  if (cluster.isPrimary) for (const notice of config.notices) logger.warn(notice)

  if (config.webConcurrency > 1 && cluster.isPrimary) {
    await runPrimary(config, logger)
  } else {
    // Workers skip migrations: the primary ran them before forking.
    await serve(
      config,
      logger.child({ pid: process.pid }),
      cluster.isPrimary,
      cluster.isWorker ? joinSharedSemaphore(process, HASH_SLOTS) : undefined,
    )
  }
}

main().catch((error: unknown) => {
  // Start-up failures (a locked data directory, an unreachable database) end the process with a
  // readable message instead of a stack trace in the operator's face.
  console.error(error instanceof Error ? `Failed to start: ${error.message}` : error)
  process.exit(1)
})
