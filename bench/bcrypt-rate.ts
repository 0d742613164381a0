// The hashing ceiling: how many bcrypt comparisons per second this machine does with a given
// number of concurrent hashes, with nothing else in the process. Prints one JSON line.
import bcrypt from 'bcrypt'

const [rounds, concurrency, seconds] = process.argv.slice(2).map(Number) as [number, number, number]
const password = 'correct horse battery staple'
const hash = await bcrypt.hash(password, rounds)

let done = 0
const deadline = performance.now() + seconds * 1000
const startedAt = performance.now()
// Each lane starts a new comparison as soon as its last one ends, like a saturated semaphore.
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (performance.now() < deadline) {
      await bcrypt.compare(password, hash)
      done++
    }
  }),
)
const elapsed = (performance.now() - startedAt) / 1000
console.log(JSON.stringify({ hashes: done, seconds: elapsed, perSecond: done / elapsed }))
