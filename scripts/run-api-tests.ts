// Runs the server's test files with node's test runner. On the embedded database it first migrates
// one PGlite template and dumps it, so each test file starts from a copy in a fraction of a second.
// With TEST_DATABASE_URL each file creates (and drops) its own database on that server instead.
// Usage: npm run test:api [-- file-substring ...]
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { openEmbeddedDatabase } from '../server/db/database.js'
import { runMigrations } from '../server/db/migrate.js'
import { migrationsDir, projectRoot } from '../server/paths.js'

function findTestFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return findTestFiles(path)
    return entry.name.endsWith('.test.ts') ? [path] : []
  })
}

async function pgliteTemplate(): Promise<string> {
  const migrations = readdirSync(migrationsDir, { recursive: true })
    .map(String)
    .sort()
    .map((file) =>
      file.endsWith('.sql') || file.endsWith('.json')
        ? readFileSync(join(migrationsDir, file))
        : '',
    )
  const hash = createHash('sha256')
    .update(readFileSync(join(projectRoot, 'node_modules/@electric-sql/pglite/package.json')))
    .update(migrations.join('\n'))
    .digest('hex')
    .slice(0, 16)
  const cacheDir = join(projectRoot, 'node_modules', '.cache', 'todo-tests')
  const file = join(cacheDir, `pglite-template-${hash}.tar`)
  if (!existsSync(file)) {
    const database = await openEmbeddedDatabase()
    await runMigrations(database)
    const dump = await database.client.dumpDataDir('none')
    await database.close()
    mkdirSync(cacheDir, { recursive: true })
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
  }
  return file
}

const filters = process.argv.slice(2)
const files = findTestFiles(join(projectRoot, 'server'))
  .map((file) => relative(projectRoot, file))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort()
if (files.length === 0) {
  console.error('No test files matched.')
  process.exit(1)
}

const env = { ...process.env }
if (env.TEST_DATABASE_URL) {
  console.log(
    `API tests on the PostgreSQL server (${new URL(env.TEST_DATABASE_URL).host}), one database per file`,
  )
} else {
  env.TEST_PGLITE_TEMPLATE = await pgliteTemplate()
  console.log('API tests on the embedded database (PGlite), one instance per file')
}

const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=120000', ...files],
  { stdio: 'inherit', env, cwd: projectRoot },
)
process.exit(result.status ?? 1)
