// The result file's shape, the targets of issue 4 checked against it, and the printed table.
import type { BcryptRate, ExplainSummary, PgbenchResult } from './ceilings.js'
import type { CpuUse } from './cpu-meter.js'
import type { LoadResult } from './load-spec.js'
import type { Machine } from './machine.js'
import { HEAP_CAP } from './settings.js'
import type { StartupResult } from './startup.js'
import { round } from './stats.js'

export interface Line extends LoadResult, CpuUse {
  id:
    | 'list'
    | 'create'
    | 'mixed'
    | 'login'
    | 'isolation'
    | 'isolation-login'
    | 'scale-1k'
    | 'scale-1m'
    | 'scale-page50'
  label: string
  workers: number
  /** A non-default setting this line was measured with (HASH_CONCURRENCY, a heap cap). */
  variant?: string
  /** Concurrent bcrypt hashes the service allowed on the host, all workers together. */
  hashSlots?: number
  connections: number
  /** The largest single service process; NaN when not sampled. */
  peakRssMb: number
  totalRssMb: number
}

export interface Target {
  target: string
  measured: string
  /** null: the workloads it needs were not run. */
  met: boolean | null
}

export interface Results {
  startedAt: string
  finishedAt: string
  command: string
  machine: Machine
  settings: Record<string, unknown>
  lines: Line[]
  ceilings: {
    bareHttp?: LoadResult
    /** The bare SQL of a list request, as the issue defines the ceiling. */
    pgbench?: PgbenchResult
    /** The statements the service actually sends for one list request. */
    pgbenchService?: PgbenchResult
    pgbenchMissing?: string
    /** Each measured right after the login line it is compared with. */
    bcrypt: Array<BcryptRate & { forLine: string }>
  }
  scaleTableRows?: number
  /** PostgreSQL's own cost of the first and the 50th page on the big table. */
  explain?: { firstPage: ExplainSummary; page50: ExplainSummary }
  serviceStarts: Array<{ workers: number; env: Record<string, string>; startupMs: number }>
  startup?: StartupResult
  targets: Target[]
}

const pct = (ratio: number) => `${Math.round(ratio * 100)} %`

export function evaluateTargets(results: Results): Target[] {
  const { lines, ceilings } = results
  const plain = (id: Line['id']) => lines.filter((line) => line.id === id && !line.variant)
  // Throughput targets are judged on the deployment that uses the whole machine (most workers);
  // the 1-worker figures are in the table for comparison.
  const mostWorkers = (id: Line['id']) =>
    plain(id).reduce<Line | undefined>(
      (best, line) => (!best || line.workers > best.workers ? line : best),
      undefined,
    )
  const targets: Target[] = []
  const add = (target: string, measured: string, met: boolean | null) =>
    targets.push({ target, measured, met })

  const list = mostWorkers('list')
  // The stricter of the two ceilings: the bare SQL, or the service's own statement if cheaper.
  const pgbench = [ceilings.pgbench, ceilings.pgbenchService].reduce<PgbenchResult | undefined>(
    (best, result) => (result && (!best || result.tps > best.tps) ? result : best),
    undefined,
  )
  if (list && pgbench) {
    const ratios = plain('list').map((line) => `${line.workers}w ${pct(line.rps / pgbench.tps)}`)
    add(
      'Workload 1 >= 35 % of the pgbench ceiling (same run)',
      `${list.rps} req/s vs ${pgbench.tps} tps: ${ratios.join(', ')}`,
      list.rps >= 0.35 * pgbench.tps,
    )
  } else add('Workload 1 >= 35 % of the pgbench ceiling (same run)', 'not measured', null)

  if (list) {
    const failures = list.errors + list.non2xx
    add(
      `Workload 1 p99 < 20 ms at ${list.connections} connections, zero errors`,
      plain('list')
        .map((line) => `${line.workers}w p99 ${line.p99Ms} ms, ${line.errors + line.non2xx} errors`)
        .join('; '),
      list.p99Ms < 20 && failures === 0,
    )
  } else add('Workload 1 p99 < 20 ms at 32 connections, zero errors', 'not measured', null)

  const create = mostWorkers('create')
  add(
    'Workload 2 >= 3,000 req/s',
    create
      ? plain('create')
          .map((line) => `${line.workers}w ${line.rps} req/s`)
          .join(', ')
      : 'not measured',
    create ? create.rps >= 3000 && create.errors + create.non2xx === 0 : null,
  )

  const mixed = mostWorkers('mixed')
  add(
    'Workload 3 reported',
    mixed
      ? plain('mixed')
          .map((line) => `${line.workers}w ${line.rps} req/s, p99 ${line.p99Ms} ms`)
          .join(', ')
      : 'not measured',
    mixed ? mixed.errors + mixed.non2xx === 0 : null,
  )

  const logins = plain('login')
  const rateFor = (line: Line) =>
    ceilings.bcrypt.find((rate) => rate.forLine === line.label)?.perSecond
  if (logins.length > 0 && logins.every((line) => rateFor(line))) {
    add(
      'Workload 4 >= 90 % of raw bcrypt with as many concurrent hashes',
      logins
        .map(
          (line) =>
            `${line.workers}w ${line.rps}/s vs ${rateFor(line)}/s (${line.hashSlots} at once): ${pct(line.rps / rateFor(line)!)}`,
        )
        .join('; '),
      logins.every((line) => line.rps >= 0.9 * rateFor(line)! && line.errors + line.non2xx === 0),
    )
  } else
    add('Workload 4 >= 90 % of raw bcrypt with as many concurrent hashes', 'not measured', null)

  const isolated = plain('isolation')
  const unloaded = (line: Line) => plain('list').find((other) => other.workers === line.workers)
  if (isolated.length > 0 && isolated.every(unloaded)) {
    add(
      'Workload 5: list during a login flood keeps >= 50 % throughput, p99 <= 3x',
      isolated
        .map((line) => {
          const base = unloaded(line)!
          return `${line.workers}w ${pct(line.rps / base.rps)} throughput, p99 ${round(line.p99Ms / base.p99Ms, 1)}x`
        })
        .join('; '),
      isolated.every((line) => {
        const base = unloaded(line)!
        return (
          line.rps >= 0.5 * base.rps &&
          line.p99Ms <= 3 * base.p99Ms &&
          line.errors + line.non2xx === 0
        )
      }),
    )
  } else
    add(
      'Workload 5: list during a login flood keeps >= 50 % throughput, p99 <= 3x',
      'not measured',
      null,
    )

  const [small, big, page50] = (['scale-1k', 'scale-1m', 'scale-page50'] as const).map((id) =>
    lines.find((line) => line.id === id),
  )
  add(
    'Workload 6: list p50 with ~1M rows within 1.3x of the 1,000-row figure',
    small && big
      ? `${big.p50Ms} ms vs ${small.p50Ms} ms: ${round(big.p50Ms / small.p50Ms)}x`
      : 'not measured',
    small && big ? big.p50Ms <= 1.3 * small.p50Ms : null,
  )
  // "No more" within 10 %: latency swings by several per cent between identical runs here, and
  // a keyset page touches a block more or less than the first depending on where its cursor
  // falls in the index. OFFSET would read all 2,450 skipped rows.
  const { explain } = results
  add(
    'Workload 6: the 50th page costs no more than the first (within 10 %)',
    big && page50
      ? `p50 ${page50.p50Ms} ms vs ${big.p50Ms} ms, ${page50.rps} vs ${big.rps} req/s` +
          (explain
            ? `; PostgreSQL: ${explain.page50.sharedBlocks} vs ${explain.firstPage.sharedBlocks} blocks, ` +
              `${explain.page50.executionMs} vs ${explain.firstPage.executionMs} ms`
            : '')
      : 'not measured',
    big && page50
      ? page50.p50Ms <= 1.1 * big.p50Ms &&
          (!explain || explain.page50.sharedBlocks <= 1.1 * explain.firstPage.sharedBlocks)
      : null,
  )

  const rssTarget = 'Peak RSS under load < 200 MB per process (PostgreSQL)'
  const sampled = lines.filter((line) => Number.isFinite(line.peakRssMb))
  const defaults = sampled.filter((line) => line.variant !== HEAP_CAP)
  const capped = sampled.filter((line) => line.variant === HEAP_CAP)
  const largest = (of: Line[]) => Math.max(...of.map((line) => line.peakRssMb))
  add(
    `${rssTarget}, Node's default heap`,
    defaults.length > 0 ? `largest ${largest(defaults)} MB` : 'not measured',
    defaults.length > 0 ? largest(defaults) < 200 : null,
  )
  add(
    `${rssTarget}, NODE_OPTIONS=${HEAP_CAP}`,
    capped.length > 0 ? `largest ${largest(capped)} MB` : 'not measured',
    capped.length > 0 ? largest(capped) < 200 : null,
  )
  add(
    'Start-up to ready < 1 s on an existing embedded data directory',
    results.startup
      ? `median ${results.startup.medianMs} ms (${results.startup.restartsMs.join(', ')})`
      : 'not measured',
    results.startup ? results.startup.medianMs < 1000 : null,
  )
  return targets
}

const cell = (value: number | string | undefined) =>
  value === undefined || (typeof value === 'number' && !Number.isFinite(value)) ? '' : String(value)

/** The table as Markdown, printed and pasted into docs/BENCHMARKS.md as it is. */
export function renderTable(results: Results): string {
  const rows: string[][] = [
    [
      'Workload',
      'Conns',
      'Req/s',
      'p50 ms',
      'p99 ms',
      'Errors',
      'Non-2xx',
      'Peak RSS MB',
      'CPU us/req',
      'Machine busy %',
    ],
  ]
  for (const line of results.lines) {
    rows.push([
      line.label,
      cell(line.connections),
      cell(line.rps),
      cell(line.p50Ms),
      cell(line.p99Ms),
      cell(line.errors),
      cell(line.non2xx),
      cell(line.peakRssMb),
      cell(line.serviceUsPerRequest),
      cell(line.machineBusyPercent),
    ])
  }
  const { bareHttp, pgbench, pgbenchService, bcrypt } = results.ceilings
  const ceiling = (label: string, values: Array<number | string | undefined>) =>
    rows.push([
      `Ceiling: ${label}`,
      ...values.map(cell),
      ...Array<string>(9 - values.length).fill(''),
    ])
  if (bareHttp) {
    ceiling('bare node:http, fixed small JSON', [
      results.settings.connections as number,
      bareHttp.rps,
      bareHttp.p50Ms,
      bareHttp.p99Ms,
      bareHttp.errors,
      bareHttp.non2xx,
    ])
  }
  for (const [label, result] of [
    ['pgbench, bare SQL of a list request (tps)', pgbench],
    ["pgbench, the service's list statement (tps)", pgbenchService],
  ] as const) {
    if (result) {
      ceiling(label, [result.clients, result.tps, result.p50Ms, result.p99Ms, result.failed])
    }
  }
  for (const rate of bcrypt) {
    ceiling(
      `raw bcrypt cost ${rate.rounds}, ${rate.concurrency} at once, after "${rate.forLine}" (hashes/s)`,
      [rate.concurrency, rate.perSecond],
    )
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)))
  const format = (row: string[]) =>
    `| ${row.map((value, column) => (column === 0 ? value.padEnd(widths[column]!) : value.padStart(widths[column]!))).join(' | ')} |`
  const separator = `|${widths.map((width, column) => (column === 0 ? `${'-'.repeat(width + 1)}-` : `${'-'.repeat(width + 1)}:`)).join('|')}|`
  return [format(rows[0]!), separator, ...rows.slice(1).map(format)].join('\n')
}

export function renderTargets(results: Results): string {
  const mark = (met: boolean | null) => (met === null ? 'not run' : met ? 'met' : 'NOT MET')
  return [
    '| Target | Measured | Result |',
    '|---|---|---|',
    ...results.targets.map(
      (target) => `| ${target.target} | ${target.measured} | ${mark(target.met)} |`,
    ),
  ].join('\n')
}

export function printReport(results: Results): void {
  const { machine } = results
  console.log(
    `\n${results.command} | ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB | Node ${machine.node} | ${machine.postgres}\n`,
  )
  console.log(renderTable(results))
  console.log('')
  console.log(renderTargets(results))
  if (results.startup) {
    console.log(
      `\nStart-up to ready, embedded, existing data directory: ${results.startup.restartsMs.join(', ')} ms (first start creating it: ${results.startup.firstStartMs} ms)`,
    )
  }
}
