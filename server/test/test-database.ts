// A fresh, migrated database for one test file: embedded PGlite by default, or a new database on
// the PostgreSQL server named by TEST_DATABASE_URL. Each test file gets its own, so files run in
// parallel and never see each other's rows.
import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import pg from 'pg'
import { openEmbeddedDatabase, openServerDatabase, type Database } from '../db/database.js'
import { runMigrations } from '../db/migrate.js'

export interface TestDatabase {
  database: Database
  /** Set when running against a PostgreSQL server: the URL of this file's own database. */
  url: string | undefined
  destroy(): Promise<void>
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL
  return serverUrl ? createServerDatabase(serverUrl) : createEmbeddedDatabase()
}

async function createEmbeddedDatabase(): Promise<TestDatabase> {
  // The test runner migrates one template and dumps it; loading the dump is ~5x faster than initdb.
  const templatePath = process.env.TEST_PGLITE_TEMPLATE
  const template = templatePath ? new Blob([await readFile(templatePath)]) : undefined
  const database = await openEmbeddedDatabase(template ? { loadDataDir: template } : {})
  if (!template) await runMigrations(database)
  return { database, url: undefined, destroy: () => database.close() }
}

async function createServerDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `todo_test_${Date.now()}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  try {
    await admin.query(`create database ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const database = await openServerDatabase({ url: url.toString(), poolSize: 10 })
  await runMigrations(database)
  return {
    database,
    url: url.toString(),
    async destroy() {
      await database.close()
      const cleanup = new pg.Client({ connectionString: serverUrl })
      await cleanup.connect()
      try {
        await cleanup.query(`drop database if exists ${name} with (force)`)
      } finally {
        await cleanup.end()
      }
    },
  }
}
