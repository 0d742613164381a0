// Measures whether a failed login reveals that an email has an account: the time for an unknown
// email against the time for a known email with a wrong password, over real HTTP, at the production
// bcrypt cost. Requests run in interleaved pairs in random order, so background load hits both kinds
// alike. Reports medians, spread, the median per-pair ratio and a Mann-Whitney U test.
//
// Usage: npm run measure:login-timing [-- --pairs 200 --rounds 12]
// Uses the embedded database in memory, or DATABASE_URL when set (tables are created if missing).
import { parseArgs } from 'node:util'
import { buildApp } from '../server/app.js'
import { loadConfig } from '../server/config.js'
import { openEmbeddedDatabase, openServerDatabase } from '../server/db/database.js'
import { runMigrations } from '../server/db/migrate.js'
import { createLogger } from '../server/lib/logger.js'

const { values: args } = parseArgs({
  options: {
    pairs: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '12' },
  },
})
const pairs = Number(args.pairs)

const config = loadConfig({
  NODE_ENV: 'test',
  JWT_SECRET: 'timing-measurement-secret-that-is-long-enough-0123',
  BCRYPT_ROUNDS: args.rounds,
  LOG_LEVEL: 'silent',
  AUTH_RATE_LIMIT_PER_IP: '1000000',
  AUTH_FAILURES_PER_EMAIL: '1000000',
  ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
})
const database = config.databaseUrl
  ? await openServerDatabase({ url: config.databaseUrl, poolSize: 4 })
  : await openEmbeddedDatabase()
await runMigrations(database)
const app = await buildApp({ config, database, logger: createLogger('silent') })
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) })
const address = app.server.address()
const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1`

async function post(path: string, body: object): Promise<number> {
  const started = performance.now()
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  await response.arrayBuffer()
  const elapsed = performance.now() - started
  if (path === '/auth/login' && response.status !== 401) {
    throw new Error(`expected 401, got ${response.status}`)
  }
  return elapsed
}

const email = `timing-${Date.now()}@example.com`
await post('/auth/signup', { email, password: 'timing-measurement-passphrase-1' })
const unknown = () =>
  post('/auth/login', { email: `nobody-${Math.random()}@example.com`, password: 'guess-1234' })
const wrong = () => post('/auth/login', { email, password: `guess-${Math.random()}` })

// Warm-up: the first requests pay for compiling, caches and the dummy hash.
for (let i = 0; i < 5; i++) {
  await unknown()
  await wrong()
}

const unknownTimes: number[] = []
const wrongTimes: number[] = []
const ratios: number[] = []
for (let i = 0; i < pairs; i++) {
  let a: number
  let b: number
  if (Math.random() < 0.5) {
    a = await unknown()
    b = await wrong()
  } else {
    b = await wrong()
    a = await unknown()
  }
  unknownTimes.push(a)
  wrongTimes.push(b)
  ratios.push(a / b)
}
await app.close()
await database.close()

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((x, y) => x - y)
  const position = (sorted.length - 1) * q
  const low = Math.floor(position)
  const high = Math.ceil(position)
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low)
}

/** Two-sided Mann-Whitney U test with the normal approximation (fine for n >= 20 per group). */
function mannWhitney(a: number[], b: number[]): { u: number; p: number } {
  const all = [
    ...a.map((value) => ({ value, group: 0 })),
    ...b.map((value) => ({ value, group: 1 })),
  ]
  all.sort((x, y) => x.value - y.value)
  const ranks = new Array<number>(all.length)
  for (let i = 0; i < all.length;) {
    let j = i
    while (j + 1 < all.length && all[j + 1]!.value === all[i]!.value) j++
    for (let k = i; k <= j; k++) ranks[k] = (i + j) / 2 + 1
    i = j + 1
  }
  const rankSumA = all.reduce((sum, entry, i) => (entry.group === 0 ? sum + ranks[i]! : sum), 0)
  const u = rankSumA - (a.length * (a.length + 1)) / 2
  const mean = (a.length * b.length) / 2
  const sd = Math.sqrt((a.length * b.length * (a.length + b.length + 1)) / 12)
  const z = Math.abs(u - mean) / sd
  // Two-sided p from the standard normal (Abramowitz-Stegun 7.1.26 for erfc).
  const t = 1 / (1 + 0.3275911 * (z / Math.SQRT2))
  const erfc =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) *
    Math.exp(-(z * z) / 2)
  return { u, p: erfc }
}

const describe = (label: string, values: number[]) =>
  `${label.padEnd(15)} median ${quantile(values, 0.5).toFixed(1)} ms   p10 ${quantile(values, 0.1).toFixed(1)}   p90 ${quantile(values, 0.9).toFixed(1)}`

const { u, p } = mannWhitney(unknownTimes, wrongTimes)
console.log(
  `Failed logins at bcrypt cost ${config.bcryptRounds}, ${pairs} interleaved pairs, ${database.kind} database, real HTTP`,
)
console.log(describe('unknown email', unknownTimes))
console.log(describe('wrong password', wrongTimes))
console.log(
  `median per-pair ratio (unknown / wrong): ${quantile(ratios, 0.5).toFixed(3)}   ` +
    `difference of medians: ${(quantile(unknownTimes, 0.5) - quantile(wrongTimes, 0.5)).toFixed(1)} ms`,
)
console.log(`Mann-Whitney U = ${u.toFixed(0)}, two-sided p = ${p.toFixed(3)}`)
