// Everything the runner starts (processes, a database, temporary directories) is registered here,
// so an error, Ctrl-C or a kill leaves nothing behind.
import type { ChildProcess } from 'node:child_process'

type Cleanup = () => Promise<void> | void

const cleanups = new Set<Cleanup>()
const children = new Set<ChildProcess>()

/** Registers a cleanup; returns a function that runs it now (once) and unregisters it. */
export function onCleanup(cleanup: Cleanup): () => Promise<void> {
  cleanups.add(cleanup)
  return async () => {
    if (cleanups.delete(cleanup)) await cleanup()
  }
}

/** Child processes are killed on exit even if nobody stopped them. */
export function trackChild(child: ChildProcess): ChildProcess {
  children.add(child)
  child.once('exit', () => children.delete(child))
  return child
}

export async function runCleanups(): Promise<void> {
  for (const child of children) child.kill('SIGKILL')
  // Newest first: a database is dropped only after the processes using it are gone.
  for (const cleanup of [...cleanups].reverse()) {
    cleanups.delete(cleanup)
    try {
      await cleanup()
    } catch (error) {
      console.error('cleanup failed:', error instanceof Error ? error.message : error)
    }
  }
}

let interrupted = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) process.exit(130)
    interrupted = true
    console.error(`\n${signal}: stopping the benchmark and cleaning up...`)
    void runCleanups().finally(() => process.exit(130))
  })
}
// Last resort if the runner dies some other way: at least no process keeps running.
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL')
})
