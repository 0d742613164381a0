import assert from 'node:assert/strict'
import { availableParallelism } from 'node:os'
import { test } from 'node:test'
import { loadConfig } from './config.js'

const base = {
  NODE_ENV: 'test',
  JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
}

test('by default hashes on half the cores and leaves libuv a thread for other work', () => {
  const { hashConcurrency } = loadConfig({ ...base, UV_THREADPOOL_SIZE: '2' })
  assert.equal(hashConcurrency, 1)
  const roomy = loadConfig({ ...base, UV_THREADPOOL_SIZE: '64' })
  assert.equal(roomy.hashConcurrency, Math.max(1, Math.floor(availableParallelism() / 2)))
})

test('warns when HASH_CONCURRENCY could take every libuv thread', () => {
  const { hashConcurrency, notices } = loadConfig({ ...base, HASH_CONCURRENCY: '4' })
  assert.equal(hashConcurrency, 4)
  assert.ok(notices.some((notice) => notice.includes('UV_THREADPOOL_SIZE to at least 5')))
  const enough = loadConfig({ ...base, HASH_CONCURRENCY: '4', UV_THREADPOOL_SIZE: '6' })
  assert.ok(!enough.notices.some((notice) => notice.includes('UV_THREADPOOL_SIZE')))
})
