// Peak resident memory of the service's processes during one workload. The kernel keeps each
// process's high-water mark (VmHWM); writing 5 to clear_refs resets it, so the peak read at the end
// belongs to this workload alone. Where that reset is not allowed, polling VmRSS stands in.
import { readFileSync, writeFileSync } from 'node:fs'

const POLL_MS = 100

export interface RssPeak {
  /** The largest single process: the per-process figure the targets speak of. */
  largestMb: number
  /** All service processes together. */
  totalMb: number
  processes: number
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)
    return match ? Number(match[1]) : 0
  } catch {
    return 0
  }
}

function resetHighWaterMark(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5')
    return true
  } catch {
    return false
  }
}

export function watchRss(pids: number[]): { stop(): RssPeak } {
  const canReset = new Map(pids.map((pid) => [pid, resetHighWaterMark(pid)]))
  const polledPeakKb = new Map(pids.map((pid) => [pid, statusKb(pid, 'VmRSS')]))
  const timer = setInterval(() => {
    for (const pid of pids) {
      polledPeakKb.set(pid, Math.max(polledPeakKb.get(pid)!, statusKb(pid, 'VmRSS')))
    }
  }, POLL_MS)
  return {
    stop() {
      clearInterval(timer)
      const peaks = pids.map((pid) =>
        Math.max(polledPeakKb.get(pid)!, canReset.get(pid) ? statusKb(pid, 'VmHWM') : 0),
      )
      const toMb = (kb: number) => Math.round((kb / 1024) * 10) / 10
      return {
        largestMb: toMb(Math.max(0, ...peaks)),
        totalMb: toMb(peaks.reduce((sum, kb) => sum + kb, 0)),
        processes: pids.length,
      }
    },
  }
}
