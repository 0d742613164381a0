// The only module that reads the environment. Everything else receives a frozen, typed Config.
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join, resolve } from 'node:path'

export type NodeEnv = 'development' | 'production' | 'test'
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
/** Fastify's trustProxy: off, every hop, a hop count, or a list of addresses/CIDRs. */
export type TrustProxy = boolean | number | string[]

export interface Config {
  nodeEnv: NodeEnv
  logLevel: LogLevel
  host: string
  port: number
  /** How many worker processes serve HTTP; more than one needs DATABASE_URL. */
  webConcurrency: number
  trustProxy: TrustProxy
  requestTimeoutMs: number
  /** Unset means the embedded database in dataDir. */
  databaseUrl: string | undefined
  dataDir: string
  dbPoolSize: number
  jwtSecret: string
  jwtSecretPrevious: string | undefined
  bcryptRounds: number
  /** Concurrent bcrypt hashes on this host, shared by all workers. */
  hashConcurrency: number
  corsOrigins: string[]
  cookieSecure: boolean
  hstsMaxAgeSeconds: number
  redisUrl: string | undefined
  authFailuresPerEmail: number
  authFailureWindowSeconds: number
  authRateLimitPerIp: number
  /** Things worth telling the operator once the logger exists (for example a generated secret). */
  notices: string[]
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`)
    this.name = 'ConfigError'
  }
}

const MIN_SECRET_BYTES = 32
const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

type Env = Record<string, string | undefined>

/** Reads and checks every variable, reporting all problems at once rather than the first. */
export function loadConfig(env: Env = process.env): Readonly<Config> {
  const problems: string[] = []
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim()
    return value === undefined || value === '' ? undefined : value
  }
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = read(name)
    if (raw === undefined) return fallback
    const value = Number(raw)
    if (!/^-?\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}").`)
      return fallback
    }
    return value
  }
  const boolean = (name: string, fallback: boolean): boolean => {
    const raw = read(name)?.toLowerCase()
    if (raw === undefined) return fallback
    if (['true', '1', 'yes'].includes(raw)) return true
    if (['false', '0', 'no'].includes(raw)) return false
    problems.push(`${name} must be true or false (got "${raw}").`)
    return fallback
  }

  const nodeEnvRaw = read('NODE_ENV') ?? 'development'
  let nodeEnv: NodeEnv = 'development'
  if (nodeEnvRaw === 'development' || nodeEnvRaw === 'production' || nodeEnvRaw === 'test') {
    nodeEnv = nodeEnvRaw
  } else {
    problems.push(`NODE_ENV must be development, production or test (got "${nodeEnvRaw}").`)
  }

  const logLevelRaw = read('LOG_LEVEL') ?? 'info'
  const logLevel = LOG_LEVELS.find((level) => level === logLevelRaw)
  if (!logLevel) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.`)

  const databaseUrl = read('DATABASE_URL')
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://.')
  }
  const dataDir = resolve(read('DATA_DIR') ?? 'data')
  const webConcurrency = integer('WEB_CONCURRENCY', 1, 1, 64)
  if (webConcurrency > 1 && databaseUrl === undefined) {
    problems.push(
      'WEB_CONCURRENCY above 1 needs DATABASE_URL: the embedded database serves one process only.',
    )
  }

  const corsOrigins = (read('CORS_ORIGINS') ?? '')
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter((origin) => origin !== '')
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      problems.push(
        `CORS_ORIGINS entries must look like https://app.example.com (got "${origin}").`,
      )
    }
  }

  const notices: string[] = []
  const jwtSecretPrevious = read('JWT_SECRET_PREVIOUS')
  let jwtSecret = read('JWT_SECRET')
  for (const [name, value] of [
    ['JWT_SECRET', jwtSecret],
    ['JWT_SECRET_PREVIOUS', jwtSecretPrevious],
  ] as const) {
    if (
      value !== undefined &&
      Buffer.byteLength(value) < MIN_SECRET_BYTES &&
      nodeEnv === 'production'
    ) {
      problems.push(
        `${name} must be at least ${MIN_SECRET_BYTES} bytes in production; generate one with: openssl rand -base64 48`,
      )
    }
  }
  if (jwtSecret === undefined) {
    if (nodeEnv === 'production') {
      problems.push(
        'JWT_SECRET is required in production (at least 32 bytes); generate one with: openssl rand -base64 48',
      )
    } else if (problems.length === 0) {
      const file = join(dataDir, 'jwt-secret')
      jwtSecret = readOrCreateDevSecret(file, notices)
    }
  }

  const trustProxy = parseTrustProxy(read('TRUST_PROXY'), problems)
  if (trustProxy === true) {
    notices.push(
      'TRUST_PROXY=true believes every X-Forwarded-For entry: a client can pick its own address (and rate-limit budget) unless your proxy overwrites the header. Prefer a hop count or the proxy addresses.',
    )
  }

  // Concurrent bcrypt hashes on this host (cluster workers share them). Half the cores by default,
  // so a login flood cannot take the CPU from every other request. bcrypt runs on libuv's thread
  // pool, where WebCrypto token checks and file reads run too: the default leaves them a thread.
  const threadPoolSize = integer('UV_THREADPOOL_SIZE', 4, 1, 1024)
  const hashConcurrency = integer(
    'HASH_CONCURRENCY',
    Math.max(1, Math.min(Math.floor(availableParallelism() / 2), threadPoolSize - 1)),
    1,
    64,
  )
  if (hashConcurrency >= threadPoolSize) {
    notices.push(
      `HASH_CONCURRENCY=${hashConcurrency} can take every libuv thread (UV_THREADPOOL_SIZE=${threadPoolSize}): ` +
        `token checks would wait behind password hashes. Set UV_THREADPOOL_SIZE to at least ${hashConcurrency + 1}.`,
    )
  }

  const config: Config = {
    nodeEnv,
    logLevel: logLevel ?? 'info',
    host: read('HOST') ?? 'localhost',
    port: integer('PORT', 8000, 0, 65535),
    webConcurrency,
    trustProxy,
    requestTimeoutMs: integer('REQUEST_TIMEOUT_MS', 30_000, 1_000, 600_000),
    databaseUrl,
    dataDir,
    dbPoolSize: integer('DB_POOL_SIZE', 10, 1, 200),
    jwtSecret: jwtSecret ?? '',
    jwtSecretPrevious,
    bcryptRounds: integer('BCRYPT_ROUNDS', 12, 4, 15),
    hashConcurrency,
    corsOrigins,
    cookieSecure: boolean('COOKIE_SECURE', false),
    hstsMaxAgeSeconds: integer('HSTS_MAX_AGE', 0, 0, 63_072_000),
    redisUrl: read('REDIS_URL'),
    authFailuresPerEmail: integer('AUTH_FAILURES_PER_EMAIL', 10, 1, 1_000_000),
    authFailureWindowSeconds: integer('AUTH_FAILURE_WINDOW_SECONDS', 900, 1, 86_400),
    authRateLimitPerIp: integer('AUTH_RATE_LIMIT_PER_IP', 30, 1, 1_000_000),
    notices,
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return Object.freeze(config)
}

function parseTrustProxy(raw: string | undefined, problems: string[]): TrustProxy {
  if (raw === undefined || raw === 'false') return false
  if (raw === 'true') return true
  if (/^\d+$/.test(raw)) return Number(raw)
  const list = raw.split(',').map((entry) => entry.trim())
  if (list.some((entry) => !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(entry))) {
    problems.push(
      'TRUST_PROXY must be false, true, a hop count, or a comma-separated list of proxy IPs/CIDRs.',
    )
    return false
  }
  return list
}

// Development convenience: a random secret kept beside the embedded database, so tokens survive restarts
// without anyone having to invent a secret. Mode 0600: it signs every session.
function readOrCreateDevSecret(file: string, notices: string[]): string {
  try {
    return readFileSync(file, 'utf8').trim()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  mkdirSync(join(file, '..'), { recursive: true })
  const secret = randomBytes(48).toString('base64url')
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' })
  chmodSync(file, 0o600)
  notices.push(
    `JWT_SECRET is not set: generated a random development secret and stored it in ${file} (mode 0600). Set JWT_SECRET in production.`,
  )
  return secret
}
