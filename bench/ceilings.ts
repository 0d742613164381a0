// What the machine allows, measured in the same run as the service so ratios survive noise:
// a bare HTTP server, PostgreSQL running exactly the SQL of one list request, and raw bcrypt.
import type pg from 'pg'
import { execFile, fork, spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { buildApp } from '../server/app.js'
import { loadConfig } from '../server/config.js'
import { openServerDatabase } from '../server/db/database.js'
import { createLogger } from '../server/lib/logger.js'
import { onCleanup, trackChild } from './cleanup.js'
import { runLoad } from './load.js'
import type { LoadResult } from './load-spec.js'
import { LatencyRecorder, round } from './stats.js'

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url))

export async function measureBareHttp(options: {
  port: number
  connections: number
  durationSeconds: number
  warmupSeconds: number
}): Promise<LoadResult> {
  const server = trackChild(
    fork(here('./bare-server.ts'), [String(options.port)], { execArgv: ['--import', 'tsx'] }),
  )
  const stop = onCleanup(() => {
    server.kill('SIGTERM')
  })
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('message', () => resolve())
      server.once('exit', (code) => reject(new Error(`bare server exited (${code})`)))
    })
    return await runLoad({
      origin: `http://127.0.0.1:${options.port}`,
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
      timeoutSeconds: 10,
      scenario: { kind: 'get', path: '/' },
    })
  } finally {
    await stop()
  }
}

export interface CapturedStatement {
  text: string
  values: unknown[]
}

/**
 * The statements one authenticated GET request sends, captured from the real app (built the way
 * main.ts builds it) on a pool that records every query. The pgbench line for the service then
 * follows any change to its hot path by itself.
 */
export async function captureListRequestSql(
  databaseUrl: string,
  env: Record<string, string>,
  token: string,
  path: string,
): Promise<CapturedStatement[]> {
  const config = loadConfig({ ...env, DATABASE_URL: databaseUrl, BCRYPT_ROUNDS: '4' })
  const database = await openServerDatabase({ url: databaseUrl, poolSize: 1 })
  const app = await buildApp({ config, database, logger: createLogger('silent') })
  try {
    // Warm up first: prepared statements and one-time lookups are not part of a steady request.
    const request = () =>
      app.inject({ method: 'GET', url: path, headers: { authorization: `Bearer ${token}` } })
    await request()
    const captured: CapturedStatement[] = []
    const pool = database.pool as unknown as { query: (...args: unknown[]) => unknown }
    const query = pool.query.bind(pool)
    pool.query = (config: unknown, values?: unknown) => {
      // pool.query(text, values) or pool.query({ name, text, values, ... }).
      const { text, values: configValues } =
        typeof config === 'string' ? { text: config, values: undefined } : (config as QueryConfig)
      captured.push({ text, values: configValues ?? (values as unknown[] | undefined) ?? [] })
      return query(config, values)
    }
    const response = await request()
    if (response.statusCode !== 200) {
      throw new Error(`capturing the SQL of GET ${path}: answered ${response.statusCode}`)
    }
    return captured
  } finally {
    await app.close()
    await database.close()
  }
}

/**
 * The least SQL a list request needs, as the issue defines the ceiling: the account by primary
 * key (authentication), then the newest 51 tasks of the owner (a page of 50 and one to tell
 * whether another page follows), in two statements.
 */
export function bareListRequestSql(userId: string): CapturedStatement[] {
  return [
    {
      text: 'select id, email, token_version, created_at from users where id = $1',
      values: [userId],
    },
    {
      text:
        'select id, title, description, completed, created_at, updated_at from tasks ' +
        'where user_id = $1 order by created_at desc, id desc limit $2',
      values: [userId, 51],
    },
  ]
}

export interface ExplainSummary {
  /** PostgreSQL's own execution time, all statements together. */
  executionMs: number
  /** Shared buffers hit or read: the work the statements did, independent of machine noise. */
  sharedBlocks: number
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of captured statements, with the values the service sent, in the
 * state a pooled connection reaches: prepared, executed a few times (PostgreSQL switches a
 * prepared statement to its cached generic plan after five executions), then explained.
 */
export async function explainStatements(
  client: pg.Client,
  statements: CapturedStatement[],
): Promise<ExplainSummary> {
  const literal = (value: unknown) =>
    value instanceof Date
      ? `'${value.toISOString()}'`
      : typeof value === 'number'
        ? String(value)
        : client.escapeLiteral(String(value))
  let executionMs = 0
  let sharedBlocks = 0
  for (const { text, values } of statements) {
    await client.query(`prepare bench_explained as ${text}`)
    try {
      const execute = `execute bench_explained(${values.map(literal).join(', ')})`
      for (let run = 0; run < 6; run++) await client.query(execute)
      const { rows } = await client.query<{ 'QUERY PLAN': ExplainOutput }>(
        `explain (analyze, buffers, format json) ${execute}`,
      )
      const [plan] = rows[0]!['QUERY PLAN']
      executionMs += plan!['Execution Time']
      sharedBlocks += plan!.Plan['Shared Hit Blocks'] + plan!.Plan['Shared Read Blocks']
    } finally {
      await client.query('deallocate bench_explained')
    }
  }
  return { executionMs: round(executionMs, 3), sharedBlocks }
}

type ExplainOutput = Array<{
  'Execution Time': number
  Plan: { 'Shared Hit Blocks': number; 'Shared Read Blocks': number }
}>

interface QueryConfig {
  text: string
  values?: unknown[]
}

export interface PgbenchResult {
  clients: number
  tps: number
  p50Ms: number
  p99Ms: number
  failed: number
  script: string
}

const execFileAsync = promisify(execFile)

export async function findPgbench(): Promise<string | undefined> {
  for (const candidate of [process.env.PGBENCH, 'pgbench'].filter(Boolean) as string[]) {
    try {
      await execFileAsync(candidate, ['--version'])
      return candidate
    } catch {
      // Try the next one.
    }
  }
  return undefined
}

/** pgbench in prepared mode running the captured statements as one transaction per request. */
export async function measurePgbench(options: {
  pgbench: string
  databaseUrl: string
  statements: CapturedStatement[]
  clients: number
  threads: number
  durationSeconds: number
}): Promise<PgbenchResult> {
  // $n placeholders become pgbench variables holding the values the service sent.
  const defines: string[] = []
  const script = options.statements
    .map(({ text, values }, statement) => {
      values.forEach((value, index) =>
        defines.push('-D', `s${statement}p${index + 1}=${String(value)}`),
      )
      return `${text.replace(/\$(\d+)/g, (_, index: string) => `:s${statement}p${index}`)};`
    })
    .join('\n')

  const dir = await mkdtemp(join(tmpdir(), 'bench-pgbench-'))
  const removeDir = onCleanup(() => rm(dir, { recursive: true, force: true }))
  try {
    const scriptFile = join(dir, 'list-request.sql')
    await writeFile(scriptFile, `${script}\n`)
    const args = [
      '--no-vacuum',
      '--protocol=prepared',
      `--client=${options.clients}`,
      `--jobs=${options.threads}`,
      `--time=${options.durationSeconds}`,
      `--file=${scriptFile}`,
      '--log',
      `--log-prefix=${join(dir, 'tx')}`,
      ...defines,
      options.databaseUrl,
    ]
    const output = await run(options.pgbench, args, dir, (options.durationSeconds + 60) * 1000)
    // A client that fails (an undefined variable, a SQL error) would leave a flattering figure.
    if (/aborted|error/i.test(output)) throw new Error(`pgbench reported errors:\n${output}`)
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(output)
    if (!tps) throw new Error(`pgbench printed no tps:\n${output}`)
    const failed = Number(/number of failed transactions: (\d+)/.exec(output)?.[1] ?? 0)

    // Per-transaction log lines: client, transaction number, latency in microseconds, ...
    const latencies = new LatencyRecorder()
    for (const file of await readdir(dir)) {
      if (!file.startsWith('tx')) continue
      for (const line of (await readFile(join(dir, file), 'utf8')).split('\n')) {
        const micros = Number(line.split(' ')[2])
        if (line !== '' && Number.isFinite(micros)) latencies.record(micros / 1000)
      }
    }
    const { p50, p99 } = latencies.summary()
    return {
      clients: options.clients,
      tps: round(Number(tps[1]), 1),
      p50Ms: p50,
      p99Ms: p99,
      failed,
      script,
    }
  } finally {
    await removeDir()
  }
}

export interface BcryptRate {
  rounds: number
  concurrency: number
  perSecond: number
}

export async function measureBcryptRate(options: {
  rounds: number
  concurrency: number
  durationSeconds: number
}): Promise<BcryptRate> {
  const args = ['--import', 'tsx', here('./bcrypt-rate.ts')]
  args.push(String(options.rounds), String(options.concurrency), String(options.durationSeconds))
  const output = await run(
    process.execPath,
    args,
    process.cwd(),
    (options.durationSeconds + 30) * 1000,
  )
  const { perSecond } = JSON.parse(output.trim().split('\n').at(-1)!) as { perSecond: number }
  return {
    rounds: options.rounds,
    concurrency: options.concurrency,
    perSecond: round(perSecond, 2),
  }
}

/** Runs a command to completion within a time limit; resolves with stdout and stderr. */
function run(command: string, args: string[], cwd: string, limitMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = trackChild(spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] }))
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs)
    child.once('error', reject)
    child.once('exit', (code) => {
      clearTimeout(timer)
      if (code === 0) resolve(output)
      else reject(new Error(`${command} exited with ${code}:\n${output}`))
    })
  })
}
