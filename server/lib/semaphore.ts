/** Lets at most `limit` async jobs run at once; the rest wait their turn in arrival order. */
export class Semaphore {
  private active = 0
  private readonly waiting: Array<() => void> = []

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError('limit must be a positive integer')
  }

  get pending(): number {
    return this.waiting.length
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) {
      await new Promise<void>((resolve) => this.waiting.push(resolve))
    } else {
      this.active++
    }
    try {
      return await job()
    } finally {
      const next = this.waiting.shift()
      // The slot passes straight to the next job, so `active` never dips below the true count.
      if (next) next()
      else this.active--
    }
  }
}
