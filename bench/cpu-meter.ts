// CPU the service spent per request, and how busy the whole machine was meanwhile. On a shared
// machine requests per second swing with the neighbours' load; CPU time per request moves much
// less, and the machine's busy share tells the reader how contended a figure was.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // utime and stime are fields 14 and 15; the command name before them may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return Number(fields[11]) + Number(fields[12])
  } catch {
    return 0
  }
}

function machineTicks(): { busy: number; total: number } {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/)
  const [user, nice, system, idle, iowait, irq, softirq, steal] = values.map(Number) as number[]
  const busy = user! + nice! + system! + irq! + softirq! + steal!
  return { busy, total: busy + idle! + iowait! }
}

export interface CpuUse {
  /** Service CPU (all its processes, user + system) per completed request, in microseconds. */
  serviceUsPerRequest: number
  /** Share of all cores busy during the run, whoever used them. */
  machineBusyPercent: number
  loadAverage: number
}

export function startCpuMeter(pids: number[]): { stop(requests: number): CpuUse } {
  const serviceStart = pids.reduce((sum, pid) => sum + processTicks(pid), 0)
  const machineStart = machineTicks()
  return {
    stop(requests) {
      const serviceTicks = pids.reduce((sum, pid) => sum + processTicks(pid), 0) - serviceStart
      const machine = machineTicks()
      const busy = machine.busy - machineStart.busy
      const total = machine.total - machineStart.total
      return {
        serviceUsPerRequest:
          requests > 0
            ? Math.round(((serviceTicks / ticksPerSecond) * 1e6) / requests)
            : Number.NaN,
        machineBusyPercent: total > 0 ? Math.round((100 * busy) / total) : Number.NaN,
        loadAverage: Math.round(loadavg()[0]! * 10) / 10,
      }
    },
  }
}
