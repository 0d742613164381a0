/// <reference lib="dom" />
// Measures what a visitor downloads and waits for: the initial JavaScript and CSS of the built
// web app (raw, gzip, brotli), and page-load times in Debian's Chromium against the real built
// server on a fresh embedded database. Exits 1 when the initial JavaScript exceeds its budget.
// Usage: npm run measure:web [-- --runs 7]
import { chromium, type Browser } from 'playwright-core'
import { spawn, spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/support/browser.js'
import { projectRoot } from '../server/paths.js'

/** The budget: at most 100 KB of JavaScript, gzipped, before the first screen. */
const JS_BUDGET_BYTES = 100 * 1024
const PORT = Number(process.env.MEASURE_PORT ?? 8390)
const BASE = `http://127.0.0.1:${PORT}`
const runsArg = process.argv.indexOf('--runs')
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

async function measureBundle() {
  const webDir = join(projectRoot, 'dist', 'web')
  const html = await readFile(join(webDir, 'index.html'), 'utf8')
  // Everything index.html makes the browser fetch before the app can draw: the entry script,
  // the chunks it preloads, and the stylesheets.
  const scripts = [
    ...html.matchAll(/<script[^>]+src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g),
  ].map((match) => match[1]!)
  const styles = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map(
    (match) => match[1]!,
  )
  const sizes = async (files: string[]) => {
    let raw = 0
    let gzip = 0
    let brotli = 0
    for (const file of files) {
      const content = await readFile(join(webDir, file))
      raw += content.length
      gzip += gzipSync(content, { level: 9 }).length
      brotli += brotliCompressSync(content).length
    }
    return { files: files.length, raw, gzip, brotli }
  }
  return { js: await sizes(scripts), css: await sizes(styles) }
}

async function startServer() {
  const dataDir = await mkdtemp(join(tmpdir(), 'web-measure-'))
  const server = spawn(process.execPath, ['dist/server/main.js'], {
    cwd: projectRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(PORT),
      DATA_DIR: dataDir,
      JWT_SECRET: 'measure-only-secret-0123456789-0123456789-0123456789',
      LOG_LEVEL: 'warn',
      BCRYPT_ROUNDS: '4',
    },
  })
  const deadline = Date.now() + 60_000
  for (;;) {
    if (server.exitCode !== null) throw new Error('The server exited before it was ready.')
    const ready = await fetch(`${BASE}/api/v1/ready`).then(
      (r) => r.ok,
      () => false,
    )
    if (ready) break
    if (Date.now() > deadline) throw new Error('The server did not become ready in 60 s.')
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return {
    async stop() {
      const exited = new Promise((resolve) => server.once('exit', resolve))
      server.kill('SIGTERM')
      await exited
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

interface Timing {
  /** Bytes of JavaScript that crossed the wire, as the server sent them (compressed). */
  scriptBytes: number
  domContentLoaded: number
  load: number
  firstContentfulPaint: number
  ready: number
}

/** One cold load (new context: empty cache, no connection reuse) until `readyLabel` shows. */
async function coldLoad(
  browser: Browser,
  path: string,
  readyLabel: string,
  cookies: Array<{ name: string; value: string }> = [],
): Promise<Timing> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  await context.addCookies(
    cookies.map((cookie) => ({ ...cookie, domain: '127.0.0.1', path: '/api' })),
  )
  const page = await context.newPage()
  await page.goto(`${BASE}${path}`, { waitUntil: 'commit' })
  await page.getByLabel(readyLabel).first().waitFor()
  const readyAt = await page.evaluate(() => performance.now())
  await page.waitForLoadState('load')
  const timing = await page.evaluate(() => {
    const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[]
    const paint = performance.getEntriesByName('first-contentful-paint')[0]
    const scripts = (
      performance.getEntriesByType('resource') as PerformanceResourceTiming[]
    ).filter((entry) => entry.initiatorType === 'script' || entry.name.endsWith('.js'))
    return {
      scriptBytes: scripts.reduce((sum, entry) => sum + entry.encodedBodySize, 0),
      domContentLoaded: navigation!.domContentLoadedEventEnd,
      load: navigation!.loadEventEnd,
      firstContentfulPaint: paint?.startTime ?? Number.NaN,
    }
  })
  await context.close()
  return { ...timing, ready: readyAt }
}

async function signedInCookies(): Promise<Array<{ name: string; value: string }>> {
  const credentials = {
    email: `measure-${Date.now()}@example.com`,
    password: 'violet-harbor-tangent-42',
  }
  const json = { 'content-type': 'application/json' }
  await fetch(`${BASE}/api/v1/auth/signup`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify(credentials),
  })
  const login = await fetch(`${BASE}/api/v1/auth/login`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify(credentials),
  })
  const { access_token: token } = (await login.json()) as { access_token: string }
  // A realistic first page: a full page of tasks.
  for (let i = 1; i <= 50; i++) {
    await fetch(`${BASE}/api/v1/tasks`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${token}` },
      body: JSON.stringify({ title: `Task number ${i}` }),
    })
  }
  return [{ name: 'app_session', value: token }]
}

const build = spawnSync(process.execPath, ['scripts/ensure-build.mjs'], {
  cwd: projectRoot,
  stdio: 'inherit',
})
if (build.status !== 0) process.exit(build.status ?? 1)

const bundle = await measureBundle()
console.log('Initial download (what index.html loads before the first screen):')
console.log(
  `  JavaScript: ${bundle.js.files} file(s), ${kb(bundle.js.raw)} raw, ${kb(bundle.js.gzip)} gzip, ${kb(bundle.js.brotli)} brotli (budget ${kb(JS_BUDGET_BYTES)} gzip)`,
)
console.log(
  `  CSS:        ${bundle.css.files} file(s), ${kb(bundle.css.raw)} raw, ${kb(bundle.css.gzip)} gzip, ${kb(bundle.css.brotli)} brotli`,
)

const server = await startServer()
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
try {
  const cookies = await signedInCookies()
  const scenarios = [
    { name: 'Sign-in page (signed out)', path: '/signin', label: 'Email', cookies: [] },
    { name: 'Task list, 50 tasks (signed in)', path: '/', label: 'New task', cookies },
  ]
  console.log(`\nCold page loads from localhost, median of ${RUNS} (ms since navigation start):`)
  for (const scenario of scenarios) {
    // One unmeasured load warms the server (JIT, database pages), not the browser.
    await coldLoad(browser, scenario.path, scenario.label, scenario.cookies)
    const runs: Timing[] = []
    for (let i = 0; i < RUNS; i++) {
      runs.push(await coldLoad(browser, scenario.path, scenario.label, scenario.cookies))
    }
    const pick = (key: keyof Timing) => median(runs.map((run) => run[key])).toFixed(0)
    console.log(
      `  ${scenario.name}: first paint ${pick('firstContentfulPaint')}, DOMContentLoaded ${pick('domContentLoaded')}, load ${pick('load')}, usable ${pick('ready')}; JavaScript sent ${kb(median(runs.map((run) => run.scriptBytes)))}`,
    )
  }
} finally {
  await browser.close()
  await server.stop()
}

if (bundle.js.gzip > JS_BUDGET_BYTES) {
  console.error(
    `\nInitial JavaScript is over budget: ${kb(bundle.js.gzip)} > ${kb(JS_BUDGET_BYTES)}.`,
  )
  process.exit(1)
}
