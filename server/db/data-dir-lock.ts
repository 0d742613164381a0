import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The data directory ${dir} is in use by process ${pid}. The embedded database serves one process only: ` +
        'stop the other instance, point DATA_DIR elsewhere, or set DATABASE_URL to run several instances on PostgreSQL.',
    )
    this.name = 'DataDirLockedError'
  }
}

// Lock files this process holds, so a second open from within the same process is refused too.
const heldHere = new Set<string>()

export interface DataDirLock {
  release(): Promise<void>
}

/**
 * Takes an exclusive lock on a data directory by creating a lock file that holds our pid.
 * A lock left by a process that no longer runs (a crash, kill -9) is taken over.
 */
export async function lockDataDir(dir: string): Promise<DataDirLock> {
  await mkdir(dir, { recursive: true })
  const file = join(dir, '.lock')
  if (heldHere.has(file)) throw new DataDirLockedError(dir, process.pid)
  for (let attempt = 0; attempt < 3; attempt++) {
    // Written beside the lock, then linked into place: link() is atomic and fails if the lock
    // exists, so nobody ever sees a lock file without its pid.
    const candidate = `${file}.${process.pid}`
    await writeFile(candidate, `${process.pid}\n`, { mode: 0o600 })
    try {
      await link(candidate, file)
      heldHere.add(file)
      return {
        release: async () => {
          heldHere.delete(file)
          // Only remove the file if it is still ours.
          if ((await readPid(file)) === process.pid) await unlink(file).catch(() => {})
        },
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    } finally {
      await unlink(candidate).catch(() => {})
    }
    // Our own pid in a lock we do not hold is stale: a restarted container often reuses its pid.
    const holder = await readPid(file)
    if (holder !== undefined && holder !== process.pid && isRunning(holder)) {
      throw new DataDirLockedError(dir, holder)
    }
    await unlink(file).catch(() => {})
  }
  throw new Error(`Could not lock the data directory ${dir}; another process keeps taking it.`)
}

async function readPid(file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '')
  const pid = Number.parseInt(text, 10)
  return Number.isInteger(pid) && pid > 0 ? pid : undefined
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
