// Starts the compiled service as a child process, exactly as production runs it, and stops it the
// way an orchestrator would (SIGTERM, then a deadline).
import { spawn, type ChildProcess } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { API_PREFIX } from '../contract/limits.js'
import { onCleanup, trackChild } from './cleanup.js'

export interface ServiceOptions {
  projectRoot: string
  port: number
  env: Record<string, string>
  /** Cluster workers to wait for after the first ready answer (0 without a cluster). */
  workers: number
}

export interface RunningService {
  origin: string
  /** Milliseconds from spawn to the first 200 from /ready. */
  startupMs: number
  /** The primary and, in cluster mode, its workers. */
  pids(): number[]
  stop(): Promise<void>
}

const READY_TIMEOUT_MS = 60_000
const STOP_TIMEOUT_MS = 15_000
const OUTPUT_KEPT = 40

export async function startService(options: ServiceOptions): Promise<RunningService> {
  const host = '127.0.0.1'
  const origin = `http://${host}:${options.port}`
  // Something else answering on the port would be measured instead of us.
  if (await isListening(host, options.port)) {
    throw new Error(`port ${options.port} is already in use; set BENCH_PORT to a free port`)
  }

  const startedAt = performance.now()
  const child = trackChild(
    spawn(process.execPath, [join(options.projectRoot, 'dist/server/main.js')], {
      cwd: options.projectRoot,
      env: { PATH: process.env.PATH ?? '', ...options.env, HOST: host, PORT: String(options.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  )
  const output = keepLastLines(child)
  const stop = onCleanup(() => stopProcess(child))

  try {
    await waitUntilReady(origin, child)
  } catch (error) {
    await stop()
    const detail = output().join('\n')
    throw new Error(`${(error as Error).message}${detail ? `\nservice output:\n${detail}` : ''}`)
  }
  const startupMs = performance.now() - startedAt
  const primaryPid = child.pid!
  // The first ready answer comes from the first worker; wait for the others to be forked too.
  // (Each load run starts with a warm-up, which covers the last ones still binding.)
  while (childPids(primaryPid).length < options.workers) {
    if (performance.now() - startedAt > READY_TIMEOUT_MS) {
      await stop()
      throw new Error(`only ${childPids(primaryPid).length} of ${options.workers} workers started`)
    }
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  return {
    origin,
    startupMs,
    pids: () => [primaryPid, ...childPids(primaryPid)],
    stop,
  }
}

async function waitUntilReady(origin: string, child: ChildProcess): Promise<void> {
  const deadline = performance.now() + READY_TIMEOUT_MS
  let exited = false
  child.once('exit', () => (exited = true))
  while (performance.now() < deadline) {
    if (exited) throw new Error(`the service exited during start-up (code ${child.exitCode})`)
    try {
      const response = await fetch(`${origin}${API_PREFIX}/ready`)
      await response.arrayBuffer()
      if (response.ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`the service was not ready within ${READY_TIMEOUT_MS / 1000} s`)
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
  await exited
  clearTimeout(timer)
}

/** Keeps the service's last output lines, shown only when it fails. */
function keepLastLines(child: ChildProcess): () => string[] {
  const lines: string[] = []
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').trimEnd().split('\n'))
    if (lines.length > OUTPUT_KEPT) lines.splice(0, lines.length - OUTPUT_KEPT)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  return () => lines
}

/** Direct children of a process (the cluster's workers), read from /proc. */
export function childPids(parentPid: number): number[] {
  const pids: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      // Field 4 (ppid) follows the command name, which is in parentheses and may hold spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (ppid === parentPid) pids.push(Number(entry))
    } catch {
      // The process ended while we looked.
    }
  }
  return pids
}

function isListening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}
