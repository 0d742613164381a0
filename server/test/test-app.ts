// Builds the real app on a real, fresh database for one test file. Logs are captured in memory
// (tests read them, e.g. to prove secrets are redacted) instead of cluttering the output.
import type { FastifyInstance } from 'fastify'
import { Writable } from 'node:stream'
import { buildApp } from '../app.js'
import { loadConfig, type Config } from '../config.js'
import { createLogger } from '../lib/logger.js'
import { createTestDatabase, type TestDatabase } from './test-database.js'

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789'

export interface TestApp {
  app: FastifyInstance
  config: Readonly<Config>
  testDatabase: TestDatabase
  /** Every log line written so far, raw. */
  logs: string[]
  close(): Promise<void>
}

function testConfig(env: Record<string, string>): Readonly<Config> {
  return loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: TEST_JWT_SECRET,
    // Cost 4 keeps hundreds of signups fast; the cost itself is exercised in the hasher's tests.
    BCRYPT_ROUNDS: '4',
    HASH_CONCURRENCY: '4',
    // Limits are high by default so unrelated tests never trip them; limit tests set their own.
    AUTH_RATE_LIMIT_PER_IP: '1000000',
    AUTH_FAILURES_PER_EMAIL: '1000000',
    LOG_LEVEL: 'info',
    ...env,
  })
}

async function buildTestApp(config: Readonly<Config>, testDatabase: TestDatabase) {
  const logs: string[] = []
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk))
      done()
    },
  })
  const app = await buildApp({
    config,
    database: testDatabase.database,
    logger: createLogger(config.logLevel, sink),
  })
  await app.ready()
  return { app, logs }
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = testConfig(env)
  const testDatabase = await createTestDatabase()
  const { app, logs } = await buildTestApp(config, testDatabase)
  return {
    app,
    config,
    testDatabase,
    logs,
    async close() {
      await app.close()
      await testDatabase.destroy()
    },
  }
}

/**
 * A second instance of the service on the same database, as after a redeploy with other settings.
 * Closing it leaves the database to its first instance.
 */
export async function startSiblingApp(
  of: TestApp,
  env: Record<string, string> = {},
): Promise<TestApp> {
  const config = testConfig(env)
  const { app, logs } = await buildTestApp(config, of.testDatabase)
  return { app, config, testDatabase: of.testDatabase, logs, close: () => app.close() }
}
