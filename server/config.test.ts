import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { ConfigError, loadConfig } from './config.js'
import { projectRoot } from './paths.js'

const STRONG_SECRET = 'a'.repeat(48)

describe('loadConfig', () => {
  test('has working defaults for development', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'todo-config-'))
    try {
      const config = loadConfig({ DATA_DIR: dataDir })
      assert.equal(config.port, 8000)
      assert.equal(config.host, 'localhost')
      assert.equal(config.databaseUrl, undefined)
      assert.equal(config.bcryptRounds, 12)
      assert.equal(config.authFailuresPerEmail, 10)
      assert.equal(config.authFailureWindowSeconds, 900)
      assert.equal(config.authRateLimitPerIp, 30)
      assert.ok(Object.isFrozen(config))
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  test('in development, creates a secret once in the data directory with mode 0600 and reuses it', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'todo-config-'))
    try {
      const first = loadConfig({ DATA_DIR: dataDir })
      assert.ok(first.jwtSecret.length >= 32)
      assert.match(first.notices.join('\n'), /generated a random development secret/)
      const file = join(dataDir, 'jwt-secret')
      assert.equal(statSync(file).mode & 0o777, 0o600)
      assert.equal(readFileSync(file, 'utf8').trim(), first.jwtSecret)
      const second = loadConfig({ DATA_DIR: dataDir })
      assert.equal(second.jwtSecret, first.jwtSecret)
      assert.deepEqual(second.notices, [])
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  test('in production, refuses a missing or short JWT_SECRET and says what to set', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError)
        assert.match(error.message, /JWT_SECRET is required in production/)
        return true
      },
    )
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'short' }),
      /at least 32 bytes/,
    )
    assert.equal(
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: STRONG_SECRET }).jwtSecret,
      STRONG_SECRET,
    )
  })

  test('names every invalid variable at once', () => {
    assert.throws(
      () =>
        loadConfig({
          JWT_SECRET: STRONG_SECRET,
          PORT: 'eighty',
          BCRYPT_ROUNDS: '40',
          DATABASE_URL: 'mysql://nope',
          LOG_LEVEL: 'loud',
          CORS_ORIGINS: 'not a url',
          COOKIE_SECURE: 'perhaps',
        }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError)
        for (const name of [
          'PORT',
          'BCRYPT_ROUNDS',
          'DATABASE_URL',
          'LOG_LEVEL',
          'CORS_ORIGINS',
          'COOKIE_SECURE',
        ]) {
          assert.ok(
            error.problems.some((problem) => problem.startsWith(name)),
            name,
          )
        }
        return true
      },
    )
  })

  test('refuses several workers on the embedded database', () => {
    assert.throws(
      () => loadConfig({ JWT_SECRET: STRONG_SECRET, WEB_CONCURRENCY: '2' }),
      /WEB_CONCURRENCY/,
    )
  })

  test('parses lists and proxy settings', () => {
    const config = loadConfig({
      JWT_SECRET: STRONG_SECRET,
      CORS_ORIGINS: 'https://a.example.com/, http://localhost:5173',
      TRUST_PROXY: '10.0.0.0/8,127.0.0.1',
    })
    assert.deepEqual(config.corsOrigins, ['https://a.example.com', 'http://localhost:5173'])
    assert.deepEqual(config.trustProxy, ['10.0.0.0/8', '127.0.0.1'])
    assert.equal(loadConfig({ JWT_SECRET: STRONG_SECRET, TRUST_PROXY: '2' }).trustProxy, 2)
    assert.deepEqual(loadConfig({ JWT_SECRET: STRONG_SECRET, TRUST_PROXY: '2' }).notices, [])
  })

  test('warns that TRUST_PROXY=true lets clients choose their address', () => {
    const config = loadConfig({ JWT_SECRET: STRONG_SECRET, TRUST_PROXY: 'true' })
    assert.equal(config.trustProxy, true)
    assert.match(config.notices.join('\n'), /client can pick its own address/)
  })
})

test('the service refuses to start in production with a weak secret, with a readable message', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, NODE_ENV: 'production', JWT_SECRET: 'too-short', PORT: '0' },
    encoding: 'utf8',
    timeout: 30_000,
  })
  assert.equal(result.status, 1)
  assert.match(result.stderr, /JWT_SECRET must be at least 32 bytes in production/)
  assert.doesNotMatch(result.stderr, /at .*\.ts:\d+/, 'no stack trace')
})
