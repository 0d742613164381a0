// The benchmark suite (`npm run bench`): builds the service, seeds a fresh PostgreSQL database,
// runs every workload against the compiled service (1 worker, then one per core) from a separate
// load-generating process, measures the machine's ceilings in the same run, prints a table and
// writes bench/results/latest.json. Everything it starts is stopped and dropped at the end.
import bcrypt from 'bcrypt'
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { API_PREFIX } from '../contract/limits.js'
import { loadConfig } from '../server/config.js'
import { createTokenService } from '../server/modules/auth/token-service.js'
import { projectRoot } from '../server/paths.js'
import {
  createBenchDatabase,
  MILLION,
  seedMainData,
  seedMillionTasks,
  seedSmallTable,
  type MainData,
  type SeededUser,
} from './bench-database.js'
import {
  bareListRequestSql,
  captureListRequestSql,
  explainStatements,
  findPgbench,
  measureBareHttp,
  measureBcryptRate,
  measurePgbench,
  type CapturedStatement,
} from './ceilings.js'
import { runCleanups } from './cleanup.js'
import { startCpuMeter, type CpuUse } from './cpu-meter.js'
import { runLoad } from './load.js'
import type { LoadResult, Scenario } from './load-spec.js'
import { describeMachine } from './machine.js'
import { evaluateTargets, printReport, type Line, type Results } from './report.js'
import { watchRss } from './rss-monitor.js'
import { startService, type RunningService } from './service-process.js'
import { HEAP_CAP, readSettings, type Settings, type Workload } from './settings.js'
import { measureEmbeddedStartup } from './startup.js'
import { round } from './stats.js'

const PASSWORD = 'bench password 1234'
const LIST_PATH = `${API_PREFIX}/tasks`

async function main(settings: Settings): Promise<Results> {
  const startedAt = new Date()
  const has = (workload: Workload) => settings.selection.has(workload)
  const mainWorkloads = (['list', 'create', 'mixed', 'login', 'isolation'] as const).filter(has)

  log('Building the service (tsc, incremental)...')
  const build = spawnSync(
    process.execPath,
    [join(projectRoot, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    { cwd: projectRoot, stdio: 'inherit' },
  )
  if (build.status !== 0) throw new Error('the server build failed')

  const jwtSecret = randomBytes(48).toString('base64url')
  const tokens = createTokenService({ secret: jwtSecret })
  const tokenFor = async (user: SeededUser) =>
    (await tokens.issue({ userId: user.id, email: user.email, version: 0 })).token
  // Production mode, warn-level logs (info writes two lines per request), no auth limits: every
  // request comes from 127.0.0.1, and the login workloads sign one account in from many
  // connections at once, which the per-account limit would answer with quick 429s instead of
  // bcrypt work. Tuning variables set by the caller pass through.
  const baseEnv: Record<string, string> = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    JWT_SECRET: jwtSecret,
    BCRYPT_ROUNDS: String(settings.bcryptRounds),
    AUTH_RATE_LIMIT_PER_IP: '1000000',
    AUTH_FAILURES_PER_EMAIL: '1000000',
    ...passThrough(['DB_POOL_SIZE', 'HASH_CONCURRENCY', 'UV_THREADPOOL_SIZE', 'NODE_OPTIONS']),
  }

  const results: Results = {
    startedAt: startedAt.toISOString(),
    finishedAt: '',
    command: `npm run bench${settings.isFullRun ? '' : ` -- ${[...settings.selection].join(',')}`}`,
    machine: await describeMachine(settings.serverUrl),
    settings: {
      durationSeconds: settings.durationSeconds,
      warmupSeconds: settings.warmupSeconds,
      connections: settings.connections,
      loginConnections: settings.loginConnections,
      floodConnections: settings.floodConnections,
      workerCounts: settings.workerCounts,
      bcryptRounds: settings.bcryptRounds,
      serviceEnv: Object.fromEntries(
        Object.entries(baseEnv).filter(([name]) => name !== 'JWT_SECRET'),
      ),
    },
    lines: [],
    ceilings: { bcrypt: [] },
    serviceStarts: [],
    targets: [],
  }

  const database = await createBenchDatabase(settings.serverUrl)
  log(`Database ${database.name} created and migrated.`)
  const passwordHash = await bcrypt.hash(PASSWORD, settings.bcryptRounds)
  const configFor = (env: Record<string, string>) =>
    loadConfig({ ...baseEnv, DATABASE_URL: database.url, ...env })

  // One service at a time; restarted only when the worker count or its environment changes.
  let running: { service: RunningService; key: string } | undefined
  const serviceWith = async (workers: number, env: Record<string, string> = {}) => {
    const key = JSON.stringify({ workers, env })
    if (running?.key === key) return running.service
    await running?.service.stop()
    running = undefined
    const service = await startService({
      projectRoot,
      port: settings.port,
      workers: workers > 1 ? workers : 0,
      env: { ...baseEnv, ...env, DATABASE_URL: database.url, WEB_CONCURRENCY: String(workers) },
    })
    results.serviceStarts.push({ workers, env, startupMs: round(service.startupMs, 0) })
    running = { service, key }
    return service
  }
  const stopService = async () => {
    await running?.service.stop()
    running = undefined
  }

  const measure = async (
    line: Omit<Line, keyof LoadResult | keyof CpuUse | 'connections' | 'peakRssMb' | 'totalRssMb'>,
    service: RunningService,
    scenario: Scenario,
    connections = settings.connections,
  ): Promise<Line> => {
    const pids = service.pids()
    let rss: ReturnType<typeof watchRss> | undefined
    let cpu: ReturnType<typeof startCpuMeter> | undefined
    const result = await runLoad(
      {
        origin: service.origin,
        connections,
        durationSeconds: settings.durationSeconds,
        // No warm-up for logins: a warm-up's abandoned requests would stay queued for the hashing
        // slots and eat into the measured seconds. Hashing needs no JIT warm-up anyway.
        warmupSeconds: scenario.kind === 'login' ? 0 : settings.warmupSeconds,
        timeoutSeconds: scenario.kind === 'login' ? 60 : 10,
        scenario,
      },
      () => {
        rss = watchRss(pids)
        cpu = startCpuMeter(pids)
      },
    )
    const peak = rss!.stop()
    return record({
      ...line,
      connections,
      ...result,
      ...cpu!.stop(result.requests),
      peakRssMb: peak.largestMb,
      totalRssMb: peak.totalMb,
    })
  }
  const record = (line: Line): Line => {
    results.lines.push(line)
    log(
      `  ${line.label.padEnd(44)} ${String(line.rps).padStart(9)} req/s  p50 ${line.p50Ms} ms  ` +
        `p99 ${line.p99Ms} ms  errors ${line.errors}  non-2xx ${line.non2xx}  RSS ${line.peakRssMb} MB  ` +
        `CPU ${line.serviceUsPerRequest} us/req  machine ${line.machineBusyPercent} % busy`,
    )
    return line
  }

  // Workload 6, first half: the scale user's 1,000 tasks are the whole table.
  let scaleUser: SeededUser | undefined
  if (has('scale')) {
    scaleUser = await seedSmallTable(database.client, passwordHash)
    const service = await serviceWith(1)
    log('Scale, small table (1,000 tasks):')
    await measure(
      { id: 'scale-1k', label: '6 List, 1,000 tasks in the table (1 worker)', workers: 1 },
      service,
      { kind: 'get', path: LIST_PATH, token: await tokenFor(scaleUser) },
    )
  }

  let data: MainData | undefined
  if (mainWorkloads.length > 0 || has('ceilings')) {
    data = await seedMainData(database.client, passwordHash)
    log('Seeded the main data set (1,000 users with 20 tasks, a list user with 50).')
  }

  // Ceilings before the service runs on this data: same database, same moment of the machine.
  if (has('ceilings') && data) {
    await stopService()
    log('Ceilings:')
    const bare = await measureBareHttp({
      port: settings.port + 1,
      connections: settings.connections,
      durationSeconds: settings.durationSeconds,
      warmupSeconds: settings.warmupSeconds,
    })
    results.ceilings.bareHttp = bare
    log(
      `  bare node:http                               ${bare.rps} req/s  p50 ${bare.p50Ms} ms  p99 ${bare.p99Ms} ms`,
    )

    const pgbench = await findPgbench()
    if (!pgbench) {
      results.ceilings.pgbenchMissing =
        'pgbench was not found (set PGBENCH or install postgresql-client)'
      log(`  ${results.ceilings.pgbenchMissing}`)
    } else {
      const listToken = await tokenFor(data.listUser)
      const run = (statements: CapturedStatement[]) =>
        measurePgbench({
          pgbench,
          databaseUrl: database.url,
          statements,
          clients: settings.connections,
          threads: 2,
          durationSeconds: settings.durationSeconds,
        })
      // The issue's ceiling: the bare SQL a list request needs (the account by id, then the page),
      // and, for comparison, exactly what the service sends for one list request today.
      results.ceilings.pgbench = await run(bareListRequestSql(data.listUser.id))
      results.ceilings.pgbenchService = await run(
        await captureListRequestSql(database.url, baseEnv, listToken, LIST_PATH),
      )
      for (const [label, result] of [
        ['bare SQL of a list request', results.ceilings.pgbench],
        ["the service's own statements", results.ceilings.pgbenchService],
      ] as const) {
        log(
          `  pgbench, ${label.padEnd(30)} ${result.tps} tps  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms`,
        )
      }
    }
  }

  if (data && mainWorkloads.length > 0) {
    const listToken = await tokenFor(data.listUser)
    const listScenario: Scenario = { kind: 'get', path: LIST_PATH, token: listToken }
    const loginScenario: Scenario = {
      kind: 'login',
      email: data.loginUser.email,
      password: PASSWORD,
    }
    const mixedUsers = await Promise.all(
      data.mixedUsers.map(async (user) => ({ token: await tokenFor(user), taskIds: user.taskIds })),
    )

    for (const workers of settings.workerCounts) {
      const service = await serviceWith(workers)
      const config = configFor({ WEB_CONCURRENCY: String(workers) })
      const per = `${workers} worker${workers > 1 ? 's' : ''}`
      log(
        `Service with ${per} (pool ${config.dbPoolSize}, ${config.hashConcurrency} concurrent hashes on the host):`,
      )
      if (has('list') || has('isolation')) {
        await measure({ id: 'list', label: `1 List (${per})`, workers }, service, listScenario)
      }
      if (has('create')) {
        await measure({ id: 'create', label: `2 Create (${per})`, workers }, service, {
          kind: 'create',
          token: await tokenFor(data.createUser),
        })
      }
      if (has('mixed')) {
        await measure(
          { id: 'mixed', label: `3 Mixed 80/15/5, 1,000 users (${per})`, workers },
          service,
          {
            kind: 'mixed',
            users: mixedUsers,
          },
        )
      }
      if (has('login')) {
        const login = await measure(
          {
            id: 'login',
            label: `4 Login (${per})`,
            workers,
            hashSlots: config.hashConcurrency,
          },
          service,
          loginScenario,
          settings.loginConnections,
        )
        // Right after, while the machine is in the same state: raw bcrypt with as many
        // concurrent hashes as the service allowed (the service sits idle meanwhile).
        const rate = await measureBcryptRate({
          rounds: settings.bcryptRounds,
          concurrency: login.hashSlots!,
          durationSeconds: settings.durationSeconds,
        })
        results.ceilings.bcrypt.push({ ...rate, forLine: login.label })
        log(
          `  raw bcrypt, cost ${rate.rounds}, ${rate.concurrency} at once: ${rate.perSecond} hashes/s`,
        )
      }
      if (has('isolation')) {
        await measureIsolation(service, workers, per, config.hashConcurrency, '')
      }
    }

    // Memory: V8's default heap lets the old generation grow to a few times the live data under
    // load; the documented cap trades some CPU for a much smaller resident set.
    if (has('list')) {
      const workers = Math.max(...settings.workerCounts)
      const service = await serviceWith(workers, { NODE_OPTIONS: HEAP_CAP })
      const per = `${workers} worker${workers > 1 ? 's' : ''}`
      log(`Service with ${per} and NODE_OPTIONS=${HEAP_CAP}:`)
      await measure(
        { id: 'list', label: `1 List (${per}, ${HEAP_CAP})`, workers, variant: HEAP_CAP },
        service,
        listScenario,
      )
    }

    // The trade-off: let the service hash on every core and watch the list suffer.
    if (has('isolation')) {
      const allCores = String(results.machine.cores)
      const current = configFor({}).hashConcurrency
      if (current < results.machine.cores) {
        const service = await serviceWith(1, { HASH_CONCURRENCY: allCores })
        log(`Service with 1 worker and HASH_CONCURRENCY=${allCores}:`)
        await measure(
          {
            id: 'list',
            label: `1 List (1 worker, HASH_CONCURRENCY=${allCores})`,
            workers: 1,
            variant: `HASH_CONCURRENCY=${allCores}`,
          },
          service,
          listScenario,
        )
        await measureIsolation(
          service,
          1,
          `1 worker, HASH_CONCURRENCY=${allCores}`,
          Number(allCores),
          `HASH_CONCURRENCY=${allCores}`,
        )
      }
    }

    async function measureIsolation(
      service: RunningService,
      workers: number,
      per: string,
      hashConcurrency: number,
      variant: string,
    ) {
      // The flood starts first and outlasts the list run, so every measured second is under it.
      const flood = runLoad({
        origin: service.origin,
        connections: settings.floodConnections,
        durationSeconds: settings.warmupSeconds + settings.durationSeconds + 2,
        warmupSeconds: 0,
        timeoutSeconds: 60,
        scenario: loginScenario,
      })
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      await measure(
        {
          id: 'isolation',
          label: `5 List during a login flood (${per})`,
          workers,
          ...(variant ? { variant } : {}),
        },
        service,
        listScenario,
      )
      const floodResult = await flood
      record({
        id: 'isolation-login',
        label: `5 ...the login flood beside it (${per})`,
        workers,
        hashSlots: hashConcurrency,
        ...(variant ? { variant } : {}),
        connections: settings.floodConnections,
        ...floodResult,
        serviceUsPerRequest: Number.NaN,
        machineBusyPercent: Number.NaN,
        loadAverage: Number.NaN,
        peakRssMb: Number.NaN,
        totalRssMb: Number.NaN,
      })
    }
  }

  if (has('scale') && scaleUser) {
    await stopService()
    log(`Seeding ${MILLION.toLocaleString('en')} tasks over 10,000 users...`)
    const seedStarted = performance.now()
    await seedMillionTasks(database.client, passwordHash)
    const { rows } = await database.client.query<{ count: string }>('select count(*) from tasks')
    results.scaleTableRows = Number(rows[0]!.count)
    log(
      `  ${results.scaleTableRows.toLocaleString('en')} tasks in the table (seeded in ${round((performance.now() - seedStarted) / 1000, 1)} s)`,
    )
    const service = await serviceWith(1)
    const token = await tokenFor(scaleUser)
    log('Scale, big table:')
    await measure(
      {
        id: 'scale-1m',
        label: `6 List, ${(results.scaleTableRows / 1e6).toFixed(2)}M tasks in the table (1 worker)`,
        workers: 1,
      },
      service,
      { kind: 'get', path: LIST_PATH, token },
    )
    const cursor = await cursorOfPage(service.origin, token, 50)
    await measure(
      { id: 'scale-page50', label: '6 50th page by cursor, same table (1 worker)', workers: 1 },
      service,
      { kind: 'get', path: `${LIST_PATH}?cursor=${cursor}`, token },
    )
    // The same comparison in PostgreSQL's own terms, free of machine noise: blocks touched and
    // execution time of the statements each request sends.
    const explain = async (path: string) =>
      explainStatements(
        database.client,
        await captureListRequestSql(database.url, baseEnv, token, path),
      )
    results.explain = {
      firstPage: await explain(LIST_PATH),
      page50: await explain(`${LIST_PATH}?cursor=${cursor}`),
    }
    log(
      `  EXPLAIN: first page ${results.explain.firstPage.sharedBlocks} blocks, ` +
        `${results.explain.firstPage.executionMs} ms; 50th page ${results.explain.page50.sharedBlocks} blocks, ` +
        `${results.explain.page50.executionMs} ms`,
    )
  }
  await stopService()

  if (has('startup')) {
    log('Start-up on an existing embedded data directory...')
    const startup = await measureEmbeddedStartup({
      projectRoot,
      port: settings.port + 2,
      env: { ...baseEnv, LOG_LEVEL: 'warn' },
      restarts: 3,
    })
    results.startup = startup
    log(
      `  first start (creates the data directory) ${startup.firstStartMs} ms; restarts ${startup.restartsMs.join(', ')} ms`,
    )
  }

  results.finishedAt = new Date().toISOString()
  results.targets = evaluateTargets(results)
  return results
}

/** Follows next_cursor from the first page to the given page and returns the cursor that opens it. */
async function cursorOfPage(origin: string, token: string, page: number): Promise<string> {
  let cursor: string | null = null
  for (let current = 1; current < page; current++) {
    const response = await fetch(`${origin}${LIST_PATH}${cursor ? `?cursor=${cursor}` : ''}`, {
      headers: { authorization: `Bearer ${token}` },
    })
    const body = (await response.json()) as { next_cursor: string | null }
    if (!response.ok || !body.next_cursor) throw new Error(`page ${current} has no next page`)
    cursor = body.next_cursor
  }
  return cursor!
}

function passThrough(names: string[]): Record<string, string> {
  return Object.fromEntries(
    names.flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : [])),
  )
}

function log(message: string): void {
  console.log(message)
}

const settings = readSettings(process.argv.slice(2), process.env)
try {
  const results = await main(settings)
  await runCleanups()
  printReport(results)
  const dir = join(projectRoot, 'bench', 'results')
  mkdirSync(dir, { recursive: true })
  // Only a full run replaces the committed figures; a subset goes to an ignored file.
  const file = join(dir, settings.isFullRun ? 'latest.json' : 'partial.json.tmp')
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`)
  console.log(`\nResults written to ${file.slice(projectRoot.length + 1)}`)
} catch (error) {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error)
  await runCleanups()
  process.exitCode = 1
}
