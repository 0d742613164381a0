import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { projectRoot } from '../paths.js'
import { openEmbeddedDatabase } from './database.js'
import { DataDirLockedError, lockDataDir } from './data-dir-lock.js'

const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'todo-lock-'))
  dirs.push(dir)
  return dir
}
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

test('a second lock on the same data directory is refused until the first is released', async () => {
  const dir = tempDir()
  const lock = await lockDataDir(dir)
  await assert.rejects(lockDataDir(dir), (error: unknown) => {
    assert.ok(error instanceof DataDirLockedError)
    assert.match(error.message, /in use by process \d+/)
    assert.match(error.message, /DATABASE_URL/)
    return true
  })
  await lock.release()
  const again = await lockDataDir(dir)
  await again.release()
})

test('a lock left by a process that no longer runs is taken over', async () => {
  const dir = tempDir()
  mkdirSync(dir, { recursive: true })
  // Far above any pid this machine hands out (pid_max is at most 2^22).
  writeFileSync(join(dir, '.lock'), '99999999\n')
  const lock = await lockDataDir(dir)
  await lock.release()
})

test('a second server process on the same data directory refuses to start and says why', async () => {
  const dir = tempDir()
  const database = await openEmbeddedDatabase({ dataDir: dir })
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: projectRoot,
      env: {
        PATH: process.env.PATH,
        DATA_DIR: dir,
        PORT: '0',
        JWT_SECRET: 'x'.repeat(40),
        LOG_LEVEL: 'warn',
      },
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    assert.equal(code, 1)
    assert.match(stderr, /data directory .* is in use by process/)
  } finally {
    await database.close()
  }
})
