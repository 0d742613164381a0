// Runs the browser tests: makes sure Debian's Chromium is there (no browser downloads are
// possible or wanted), then Playwright, whose global setup builds what is stale and starts the
// real server on a fresh database (embedded, or on TEST_DATABASE_URL's PostgreSQL server).
// Usage: npm run test:e2e [-- playwright arguments, e.g. e2e/tasks.spec.ts --headed]
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { projectRoot } from '../server/paths.js'
import { CHROMIUM_PATH } from '../e2e/support/browser.js'

function ensureChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return
  const isRoot = process.getuid?.() === 0
  if (!isRoot) {
    console.error(
      `Chromium is missing at ${CHROMIUM_PATH}. Install it with: sudo apt-get install -y chromium`,
    )
    process.exit(1)
  }
  console.log('Chromium is missing; installing it with apt-get…')
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  for (const args of [
    ['update', '-q'],
    ['install', '-y', '-q', 'chromium'],
  ]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env })
    if (result.status !== 0) {
      console.error(`apt-get ${args.join(' ')} failed; install chromium and try again.`)
      process.exit(1)
    }
  }
  if (!existsSync(CHROMIUM_PATH)) {
    console.error(`apt-get finished but ${CHROMIUM_PATH} is still missing.`)
    process.exit(1)
  }
}

ensureChromium()

const require = createRequire(join(projectRoot, 'package.json'))
const cli = join(dirname(require.resolve('@playwright/test/package.json')), 'cli.js')
// Written by the json reporter (playwright.config.ts); a stale one must not be reported.
const resultsFile = join(projectRoot, 'test-results', 'e2e-results.json')
rmSync(resultsFile, { force: true })
const result = spawnSync(process.execPath, [cli, 'test', ...process.argv.slice(2)], {
  cwd: projectRoot,
  stdio: 'inherit',
})

// One plain closing line that any CI log reader understands.
try {
  const { stats } = JSON.parse(readFileSync(resultsFile, 'utf8')) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number }
  }
  console.log(
    `e2e: ${stats.expected + stats.flaky} passed, ${stats.unexpected} failed, ${stats.skipped} skipped`,
  )
} catch {
  // No results file: Playwright failed before running anything and has said why.
}
process.exit(result.status ?? 1)
