/** Latency percentile from raw samples (milliseconds), nearest-rank. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

export const round = (value: number, digits = 2): number => {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}

/** Collects latency samples without boxing each one; grows by doubling. */
export class LatencyRecorder {
  private samples = new Float64Array(1 << 16)
  private size = 0

  record(milliseconds: number): void {
    if (this.size === this.samples.length) {
      const bigger = new Float64Array(this.samples.length * 2)
      bigger.set(this.samples)
      this.samples = bigger
    }
    this.samples[this.size++] = milliseconds
  }

  get count(): number {
    return this.size
  }

  summary(): { p50: number; p99: number; max: number } {
    const sorted = this.samples.slice(0, this.size).sort()
    return {
      p50: round(percentile(sorted, 50)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted.length > 0 ? sorted[sorted.length - 1]! : Number.NaN),
    }
  }
}
