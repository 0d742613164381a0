// Rate limits across several instances of the service, each a real server process (server/main.ts)
// on its own port, all on one PostgreSQL database. With REDIS_URL they share their counters; without
// it each counts alone; and when Redis goes away the limits keep working from memory, with no 5xx.
//
// Needs a PostgreSQL server (TEST_DATABASE_URL's, or postgres://postgres@127.0.0.1:5432) and Redis
// (TEST_REDIS_URL, default redis://127.0.0.1:6379/9). Locally the file is skipped, saying so, when
// either is missing; under CI it fails instead.
import { Redis } from 'ioredis'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes, randomInt } from 'node:crypto'
import { createServer, Socket, type Server } from 'node:net'
import { after, before, describe, test } from 'node:test'
import pg from 'pg'
import { projectRoot } from '../paths.js'
import { API, GOOD_PASSWORD, uniqueEmail } from '../test/factories.js'
import { freePort } from '../test/loopback.js'

const PER_IP = 4
const FAILURES = 3
// Short, so keys this run leaves in Redis expire soon; every key is unique to the run anyway (fresh
// client addresses and emails), so nothing one run leaves can affect another.
const WINDOW_SECONDS = 120

const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/9'

interface Instance {
  name: string
  url: string
  output: () => string
  stop(): Promise<void>
}

/** Every process started, so `after` stops them all even when start-up failed half way. */
const running: Instance[] = []

async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const port = await freePort()
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      JWT_SECRET: 'multi-instance-secret-that-is-long-enough-0123456789',
      BCRYPT_ROUNDS: '4',
      // The tests stand in for a proxy: X-Forwarded-For carries each simulated client's address.
      TRUST_PROXY: '1',
      AUTH_RATE_LIMIT_PER_IP: String(PER_IP),
      AUTH_FAILURES_PER_EMAIL: String(FAILURES),
      AUTH_FAILURE_WINDOW_SECONDS: String(WINDOW_SECONDS),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited: ${output}`)
    try {
      if ((await fetch(`${url}${API}/ready`)).ok) break
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`${name} did not become ready: ${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const instance = {
    name,
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
  }
  running.push(instance)
  return instance
}

/** A TCP relay in front of Redis that the test can cut and restore: a real outage, on demand. */
async function startRedisRelay(target: URL) {
  const port = await freePort()
  const sockets = new Set<Socket>()
  let server: Server | undefined
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = new Socket()
        upstream.connect(Number(target.port || 6379), target.hostname)
        for (const socket of [client, upstream]) {
          sockets.add(socket)
          socket.on('close', () => sockets.delete(socket))
          socket.on('error', () => {
            client.destroy()
            upstream.destroy()
          })
        }
        client.pipe(upstream).pipe(client)
      })
      server.once('error', reject)
      server.listen(port, '127.0.0.1', resolve)
    })
  await listen()
  const relayUrl = new URL(target)
  relayUrl.host = `127.0.0.1:${port}`
  return {
    url: relayUrl.toString(),
    async cut() {
      await new Promise<void>((resolve) => {
        server!.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      })
    },
    restore: listen,
  }
}

async function reachable(): Promise<string | undefined> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 2_000,
    maxRetriesPerRequest: 0,
  })
  redis.on('error', () => {})
  try {
    await redis.connect()
    await redis.ping()
  } catch {
    return `Redis is not reachable at ${redisUrl} (set TEST_REDIS_URL)`
  } finally {
    redis.disconnect()
  }
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 2_000 })
  try {
    await client.connect()
  } catch {
    return `PostgreSQL is not reachable at ${new URL(serverUrl).host} (set TEST_DATABASE_URL)`
  } finally {
    await client.end().catch(() => {})
  }
  return undefined
}

const missing = await reachable()
if (missing && process.env.CI) throw new Error(`${missing}; CI must provide it`)

// Every simulated client gets an address of its own, so no two tests (or runs) share a budget.
function clientAddress(): string {
  return `10.${randomInt(0, 256)}.${randomInt(0, 256)}.${randomInt(1, 255)}`
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    assert.ok(Date.now() < deadline, 'timed out waiting')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

async function post(
  instance: Instance,
  path: string,
  body: object,
  client: string,
): Promise<{ status: number; retryAfter: string | null }> {
  const response = await fetch(`${instance.url}${API}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
    body: JSON.stringify(body),
  })
  await response.arrayBuffer()
  return { status: response.status, retryAfter: response.headers.get('retry-after') }
}

const login = (instance: Instance, email: string, password: string, client = clientAddress()) =>
  post(instance, '/auth/login', { email, password }, client)

async function signUp(instance: Instance): Promise<string> {
  const email = uniqueEmail('multi')
  const { status } = await post(
    instance,
    '/auth/signup',
    { email, password: GOOD_PASSWORD },
    clientAddress(),
  )
  assert.equal(status, 201)
  return email
}

describe('several instances', { skip: missing }, () => {
  const databaseName = `sec_multi_${Date.now()}_${randomBytes(3).toString('hex')}`
  let databaseUrl: string
  let shared: [Instance, Instance]
  let alone: [Instance, Instance]
  let relay: Awaited<ReturnType<typeof startRedisRelay>>
  let relayed: Instance
  let redisDownAtStart: Instance

  before(async () => {
    const admin = new pg.Client({ connectionString: serverUrl })
    await admin.connect()
    await admin.query(`create database ${databaseName}`)
    await admin.end()
    const url = new URL(serverUrl)
    url.pathname = `/${databaseName}`
    databaseUrl = url.toString()

    // The first instance migrates the new database; the others start once it has.
    const first = await startInstance('shared-a', {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
    })
    relay = await startRedisRelay(new URL(redisUrl))
    const nobodyListens = new URL(redisUrl)
    nobodyListens.host = `127.0.0.1:${await freePort()}`
    const [second, aloneA, aloneB, viaRelay, downAtStart] = await Promise.all([
      startInstance('shared-b', { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl }),
      startInstance('alone-a', { DATABASE_URL: databaseUrl }),
      startInstance('alone-b', { DATABASE_URL: databaseUrl }),
      startInstance('relayed', { DATABASE_URL: databaseUrl, REDIS_URL: relay.url }),
      startInstance('redis-down-at-start', {
        DATABASE_URL: databaseUrl,
        REDIS_URL: nobodyListens.toString(),
      }),
    ])
    shared = [first, second]
    alone = [aloneA, aloneB]
    relayed = viaRelay
    redisDownAtStart = downAtStart
  })

  after(async () => {
    await Promise.all(running.map((instance) => instance.stop()))
    await relay?.cut()
    const admin = new pg.Client({ connectionString: serverUrl })
    await admin.connect()
    await admin.query(`drop database if exists ${databaseName} with (force)`)
    await admin.end()
  })

  describe('with REDIS_URL the limits are shared', () => {
    test('per address: requests to either instance spend one budget', async () => {
      const [a, b] = shared
      const client = clientAddress()
      const statuses = []
      // A new email each time, so only the per-address count can run out.
      for (const instance of [a, b, a, b]) {
        statuses.push((await login(instance, uniqueEmail(), 'wrong', client)).status)
      }
      assert.deepEqual(statuses, [401, 401, 401, 401])
      for (const instance of [a, b]) {
        const blocked = await login(instance, uniqueEmail(), 'wrong', client)
        assert.equal(blocked.status, 429, instance.name)
        assert.ok(Number(blocked.retryAfter) >= 1)
      }
    })

    test('per account: failures on either instance add up to one lockout', async () => {
      const [a, b] = shared
      const email = await signUp(a)
      assert.equal((await login(a, email, 'wrong')).status, 401)
      assert.equal((await login(b, email, 'wrong')).status, 401)
      assert.equal((await login(a, email, 'wrong')).status, 401)
      for (const instance of [a, b]) {
        const locked = await login(instance, email, GOOD_PASSWORD)
        assert.equal(locked.status, 429, instance.name)
        assert.ok(Number(locked.retryAfter) > WINDOW_SECONDS - 30)
      }
    })

    test('a success on one instance resets the count on the other', async () => {
      const [a, b] = shared
      const email = await signUp(a)
      assert.equal((await login(a, email, 'wrong')).status, 401)
      assert.equal((await login(a, email, 'wrong')).status, 401)
      assert.equal((await login(b, email, GOOD_PASSWORD)).status, 200)
      for (let i = 0; i < FAILURES; i++) assert.equal((await login(a, email, 'wrong')).status, 401)
      assert.equal((await login(b, email, GOOD_PASSWORD)).status, 429)
    })
  })

  describe('without REDIS_URL each instance counts alone', () => {
    test('per address', async () => {
      const [a, b] = alone
      const client = clientAddress()
      for (let i = 0; i < PER_IP; i++) await login(a, uniqueEmail(), 'wrong', client)
      assert.equal((await login(a, uniqueEmail(), 'wrong', client)).status, 429)
      assert.equal((await login(b, uniqueEmail(), 'wrong', client)).status, 401)
    })

    test('per account', async () => {
      const [a, b] = alone
      const email = await signUp(a)
      for (let i = 0; i < FAILURES; i++) await login(a, email, 'wrong')
      assert.equal((await login(a, email, GOOD_PASSWORD)).status, 429)
      assert.equal((await login(b, email, GOOD_PASSWORD)).status, 200)
    })
  })

  describe('when Redis goes away', () => {
    test('limits fall back to memory with no 5xx, and sharing resumes when Redis returns', async () => {
      const [a] = shared
      // Connected: the instance behind the relay shares a's counters.
      const before = clientAddress()
      for (let i = 0; i < PER_IP; i++) await login(a, uniqueEmail(), 'wrong', before)
      assert.equal((await login(relayed, uniqueEmail(), 'wrong', before)).status, 429)

      await relay.cut()
      // Cut off for real: an address spent at a is not seen here any more.
      const split = clientAddress()
      for (let i = 0; i < PER_IP; i++) await login(a, uniqueEmail(), 'wrong', split)
      assert.equal((await login(relayed, uniqueEmail(), 'wrong', split)).status, 401)
      // Still limited, now by this instance's own memory, and never a server error.
      const during = clientAddress()
      const statuses = []
      for (let i = 0; i <= PER_IP; i++) {
        statuses.push((await login(relayed, uniqueEmail(), 'wrong', during)).status)
      }
      assert.deepEqual(statuses, [...Array.from({ length: PER_IP }, () => 401), 429])
      const email = await signUp(relayed)
      for (let i = 0; i < FAILURES; i++)
        assert.equal((await login(relayed, email, 'wrong')).status, 401)
      assert.equal((await login(relayed, email, GOOD_PASSWORD)).status, 429)
      const other = await signUp(relayed)
      assert.equal((await login(relayed, other, GOOD_PASSWORD)).status, 200)
      // The operator is told (on the client's first failed reconnect, a moment after the cut).
      await waitFor(() => /rate-limit store unreachable/.test(relayed.output()))

      await relay.restore()
      // The client reconnects on its own schedule; wait until the instances share counters again.
      const deadline = Date.now() + 20_000
      for (;;) {
        const after = clientAddress()
        for (let i = 0; i < PER_IP; i++) await login(a, uniqueEmail(), 'wrong', after)
        const status = (await login(relayed, uniqueEmail(), 'wrong', after)).status
        assert.ok(status < 500)
        if (status === 429) break
        assert.ok(Date.now() < deadline, 'the instance never used Redis again')
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
    })
  })

  test('an instance started while Redis is down serves and limits from memory', async () => {
    const instance = redisDownAtStart
    const client = clientAddress()
    const statuses = []
    for (let i = 0; i <= PER_IP; i++) {
      statuses.push((await login(instance, uniqueEmail(), 'wrong', client)).status)
    }
    assert.deepEqual(statuses, [...Array.from({ length: PER_IP }, () => 401), 429])
    const email = await signUp(instance)
    assert.equal((await login(instance, email, GOOD_PASSWORD)).status, 200)
  })

  test('no instance logged a server error', () => {
    for (const instance of [...shared, ...alone, relayed, redisDownAtStart]) {
      assert.doesNotMatch(instance.output(), /"level":50|unhandled error/, instance.name)
    }
  })
})
