// Development: the API restarts on every server change (tsx watch) and Vite serves the web app
// with hot reload, proxying /api and /docs to the API so both share one origin, as in production.
// Open the web address printed below. PORT sets the API's port (8000), WEB_PORT Vite's (5173).
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(root, 'package.json'))
const apiPort = process.env.PORT ?? '8000'
const webPort = process.env.WEB_PORT ?? '5173'

const children = [
  spawn(process.execPath, [require.resolve('tsx/cli'), 'watch', 'server/main.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PORT: apiPort },
  }),
  spawn(process.execPath, [join(dirname(require.resolve('vite/package.json')), 'bin/vite.js')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, WEB_PORT: webPort, API_URL: `http://localhost:${apiPort}` },
  }),
]
console.log(`API on http://localhost:${apiPort}; open the web app at http://localhost:${webPort}`)

let stopping = false
function stop(code) {
  if (stopping) return
  stopping = true
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
  process.exitCode = code
}
for (const child of children) {
  // One half without the other is not a working dev setup.
  child.on('exit', (code) => stop(code ?? 1))
}
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))
