// Starts the real, built server for the browser tests on a database of its own: a fresh
// embedded one in a temporary directory, or, when TEST_DATABASE_URL names a PostgreSQL server,
// a new database there (dropped afterwards). Returns the teardown.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { projectRoot } from '../../server/paths.js'
import { BASE_URL, E2E_JWT_SECRET, E2E_PORT } from './environment.js'

const READY_TIMEOUT_MS = 90_000

async function createDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `web_e2e_${Date.now()}_${randomBytes(4).toString('hex')}`
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl })
    await client.connect()
    try {
      await client.query(sql)
    } finally {
      await client.end()
    }
  }
  await run(`create database ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) }
}

async function waitUntilReady(server: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`The test server exited with code ${server.exitCode} before it was ready.`)
    }
    try {
      const response = await fetch(`${BASE_URL}/api/v1/ready`)
      if (response.ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`The test server was not ready at ${BASE_URL} within ${READY_TIMEOUT_MS} ms.`)
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const build = spawnSync(process.execPath, ['scripts/ensure-build.mjs'], {
    cwd: projectRoot,
    stdio: 'inherit',
  })
  if (build.status !== 0) throw new Error('Building the app for the browser tests failed.')

  // Otherwise the readiness check could pass against some other process on the port.
  if (
    await fetch(BASE_URL).then(
      () => true,
      () => false,
    )
  ) {
    throw new Error(`Port ${E2E_PORT} is already in use; stop that process or set E2E_PORT.`)
  }

  const dataDir = await mkdtemp(join(tmpdir(), 'web-e2e-'))
  const serverUrl = process.env.TEST_DATABASE_URL
  const database = serverUrl ? await createDatabase(serverUrl) : undefined
  console.log(
    database
      ? `e2e: server on ${BASE_URL}, PostgreSQL database ${new URL(database.url).pathname.slice(1)}`
      : `e2e: server on ${BASE_URL}, embedded database in ${dataDir}`,
  )

  const server = spawn(process.execPath, ['--enable-source-maps', 'dist/server/main.js'], {
    cwd: projectRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(E2E_PORT),
      DATA_DIR: dataDir,
      ...(database ? { DATABASE_URL: database.url } : {}),
      JWT_SECRET: E2E_JWT_SECRET,
      LOG_LEVEL: 'warn',
      // The cost only slows tests down; it is covered by the server's own tests.
      BCRYPT_ROUNDS: '4',
      // Every test signs up and in; the limits have their own tests.
      AUTH_RATE_LIMIT_PER_IP: '1000000',
      AUTH_FAILURES_PER_EMAIL: '1000000',
    },
  })

  const teardown = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve))
      server.kill('SIGTERM')
      await exited
    }
    await database?.drop()
    await rm(dataDir, { recursive: true, force: true })
  }

  try {
    await waitUntilReady(server)
  } catch (error) {
    await teardown()
    throw error
  }
  return teardown
}
