// Builds the server (tsc -> dist/server) and the web app (vite -> dist/web) when their output is
// missing or was built from other sources, so `npm start` works on a fresh clone and never serves
// a stale build after a pull or a branch switch. A fingerprint of every input file's content is
// kept beside the output; when it matches, this takes a few milliseconds.
// Usage: node scripts/ensure-build.mjs [server|web ...]   (both by default)
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(join(root, 'package.json'))

const targets = {
  server: {
    inputs: [
      'server',
      'contract',
      'tsconfig.json',
      'tsconfig.base.json',
      'tsconfig.build.json',
      'package-lock.json',
    ],
    // Tests are not compiled (see tsconfig.build.json), so changing one needs no rebuild.
    skip: (path) => path.endsWith('.test.ts') || path.startsWith(`server${sep}test${sep}`),
    output: 'dist/server/main.js',
    stamp: 'dist/.server-build-stamp',
    tool: ['typescript', 'bin/tsc'],
    args: ['-p', 'tsconfig.build.json'],
  },
  web: {
    inputs: [
      'web',
      'contract/limits.ts',
      'vite.config.ts',
      'tsconfig.base.json',
      'package-lock.json',
    ],
    skip: (path) => /\.test\.tsx?$/.test(path) || path.startsWith(join('web', 'src', 'test') + sep),
    output: 'dist/web/index.html',
    stamp: 'dist/.web-build-stamp',
    tool: ['vite', 'bin/vite.js'],
    args: ['build', '--logLevel', 'warn'],
  },
}

function listFiles(path) {
  const absolute = join(root, path)
  if (!existsSync(absolute)) return []
  if (!statSync(absolute).isDirectory()) return [path]
  return readdirSync(absolute, { withFileTypes: true }).flatMap((entry) =>
    listFiles(join(path, entry.name)),
  )
}

function fingerprint(target) {
  const hash = createHash('sha256')
  const files = target.inputs
    .flatMap(listFiles)
    .filter((path) => !target.skip(path))
    .sort()
  for (const file of files) {
    // Paths use "/" in the hash so a checkout on another OS gets the same fingerprint.
    hash.update(relative(root, join(root, file)).split(sep).join('/'))
    hash.update('\0')
    hash.update(readFileSync(join(root, file)))
    hash.update('\0')
  }
  return hash.digest('hex')
}

function resolveTool([pkg, bin]) {
  try {
    return join(dirname(require.resolve(`${pkg}/package.json`)), bin)
  } catch {
    console.error(
      `Cannot build: ${pkg} is not installed. Run "npm install" (with dev dependencies) first.`,
    )
    process.exit(1)
  }
}

const requested = process.argv.slice(2)
const names = requested.length > 0 ? requested : Object.keys(targets)
for (const name of names) {
  const target = targets[name]
  if (!target) {
    console.error(`Unknown build target "${name}"; expected ${Object.keys(targets).join(' or ')}.`)
    process.exit(1)
  }
  const stampFile = join(root, target.stamp)
  const wanted = fingerprint(target)
  const current = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : ''
  if (current === wanted && existsSync(join(root, target.output))) continue

  console.log(`Building the ${name} (${current ? 'sources changed' : 'no build yet'})…`)
  const started = Date.now()
  const result = spawnSync(process.execPath, [resolveTool(target.tool), ...target.args], {
    cwd: root,
    stdio: 'inherit',
  })
  if (result.status !== 0) {
    console.error(`Building the ${name} failed.`)
    process.exit(result.status ?? 1)
  }
  mkdirSync(dirname(stampFile), { recursive: true })
  writeFileSync(stampFile, `${wanted}\n`)
  console.log(`Built the ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s.`)
}
