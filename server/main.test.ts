// The real entry point, as an operator runs it: start, serve, and stop gracefully on SIGTERM.
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, test } from 'node:test'
import { projectRoot } from './paths.js'

const dataDir = mkdtempSync(join(tmpdir(), 'todo-main-'))
after(() => rmSync(dataDir, { recursive: true, force: true }))

function start(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      JWT_SECRET: 'x'.repeat(40),
      ...env,
    },
  })
  let output = ''
  child.stderr!.on('data', (chunk) => (output += chunk))
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk
      const port = /listening at http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1]
      if (port && /ready on/.test(output))
        resolve({ child, port: Number(port), output: () => output })
    })
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)))
  })
}

test('SIGTERM lets in-flight requests finish, then closes the database and releases the lock', async () => {
  // Cost 12 makes the signup take long enough to still be running when the signal arrives.
  const { child, port } = await start({ DATA_DIR: dataDir, BCRYPT_ROUNDS: '12' })
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  const signup = fetch(`http://127.0.0.1:${port}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'inflight@example.com', password: 'violet-harbor-tangent-42' }),
  })
  await new Promise((resolve) => setTimeout(resolve, 50))
  child.kill('SIGTERM')
  const response = await signup
  assert.equal(response.status, 201)
  assert.equal(await exited, 0)
  assert.equal(existsSync(join(dataDir, '.lock')), false)

  // The data survived: a restart on the same directory sees the account.
  const again = await start({ DATA_DIR: dataDir, BCRYPT_ROUNDS: '4' })
  const retry = await fetch(`http://127.0.0.1:${again.port}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'inflight@example.com', password: 'violet-harbor-tangent-42' }),
  })
  assert.equal(retry.status, 409)
  again.child.kill('SIGTERM')
  await new Promise((resolve) => again.child.on('exit', resolve))
})
