// What to run and how hard: `npm run bench [-- list,create] [--workers 2] [--duration 12]`.
import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'

export const WORKLOADS = [
  'list',
  'create',
  'mixed',
  'login',
  'isolation',
  'scale',
  'ceilings',
  'startup',
] as const
export type Workload = (typeof WORKLOADS)[number]

/** The heap cap docs/BENCHMARKS.md recommends where memory matters more than CPU. */
export const HEAP_CAP = '--max-old-space-size=128'

export interface Settings {
  selection: Set<Workload>
  isFullRun: boolean
  /** Worker counts to run the main workloads with: 1, then N. */
  workerCounts: number[]
  durationSeconds: number
  warmupSeconds: number
  connections: number
  loginConnections: number
  floodConnections: number
  /** An existing database on the PostgreSQL server, used to create and drop the bench database. */
  serverUrl: string
  /** The service listens here; the bare HTTP ceiling and the embedded start-up use the next two. */
  port: number
  bcryptRounds: number
}

const USAGE = `Usage: npm run bench [-- <workloads>] [--workers N] [--duration S] [--connections C]
  workloads: comma-separated subset of ${WORKLOADS.join(', ')} (default: all)
  env: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), BENCH_PORT (8510),
       BCRYPT_ROUNDS, DB_POOL_SIZE, HASH_CONCURRENCY, UV_THREADPOOL_SIZE are passed to the service.`

export function readSettings(argv: string[], env: NodeJS.ProcessEnv): Settings {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      workers: { type: 'string' },
      duration: { type: 'string' },
      connections: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  const requested = positionals.flatMap((arg) => arg.split(',')).filter((name) => name !== '')
  const unknown = requested.filter((name) => !(WORKLOADS as readonly string[]).includes(name))
  if (unknown.length > 0) throw new Error(`Unknown workload(s): ${unknown.join(', ')}\n${USAGE}`)

  const number = (raw: string | undefined, fallback: number, min: number, max: number) => {
    const value = raw === undefined ? fallback : Number(raw)
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`Expected a whole number from ${min} to ${max}, got "${raw}".\n${USAGE}`)
    }
    return value
  }
  const workers = number(values.workers, availableParallelism(), 1, 64)
  return {
    selection: new Set((requested.length > 0 ? requested : WORKLOADS) as Workload[]),
    isFullRun: requested.length === 0,
    workerCounts: workers > 1 ? [1, workers] : [1],
    durationSeconds: number(values.duration, 12, 1, 120),
    warmupSeconds: 2,
    connections: number(values.connections, 32, 1, 1024),
    // Logins are bcrypt-bound: a few connections saturate the hashing slots, more only queue.
    loginConnections: 8,
    floodConnections: 16,
    serverUrl: env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    port: number(env.BENCH_PORT, 8510, 1024, 65_533),
    bcryptRounds: number(env.BCRYPT_ROUNDS, 12, 4, 15),
  }
}
