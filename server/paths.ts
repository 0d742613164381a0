import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

// The same code runs from server/ (tsx) and from dist/server/ (compiled), so files that are not
// compiled (migrations, the built web app) are found from the package root, not from this file.
function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir)
    if (parent === dir) throw new Error('package.json not found above the server code')
    dir = parent
  }
  return dir
}

export const projectRoot = findProjectRoot()
export const migrationsDir = join(projectRoot, 'server', 'db', 'migrations')
export const webDistDir = join(projectRoot, 'dist', 'web')
