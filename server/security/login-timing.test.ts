// A failed login must take as long for an unknown email as for a wrong password, or the response time
// tells an attacker which emails have accounts. Measured, not assumed: the two kinds of request run
// in interleaved pairs (so load from anything else on the machine hits both alike) and the test
// compares the median of the per-pair ratios, which a few slow outliers cannot move.
//
// The bound is deliberately wide (a factor of 2 either way) so that a loaded CI machine cannot make
// it flaky; the defect it guards against, an unknown email skipping the hash, shows as a ratio near
// 0.01 (see the control below). The fine-grained numbers come from the measurement script at the
// production cost over real HTTP: npm run measure:login-timing
import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { API, createUser, type TestUser } from '../test/factories.js'
import { startTestApp, type TestApp } from '../test/test-app.js'

// Cost 10 (about 60 ms a hash here): large enough that hashing dominates a login, as at cost 12 in
// production, while the file stays fast.
const ROUNDS = '10'
const PAIRS = 30

let t: TestApp
let user: TestUser
before(async () => {
  t = await startTestApp({ BCRYPT_ROUNDS: ROUNDS })
  user = await createUser(t.app, 'timing')
})
after(() => t.close())

async function timeLogin(payload: object): Promise<number> {
  const started = performance.now()
  const response = await t.app.inject({ method: 'POST', url: `${API}/auth/login`, payload })
  const elapsed = performance.now() - started
  assert.ok(response.statusCode === 401 || response.statusCode === 422, response.body)
  return elapsed
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** Median over interleaved pairs of time(a) / time(b), each pair in a random order. */
async function medianRatio(a: () => object, b: () => object, pairs: number): Promise<number> {
  const ratios: number[] = []
  for (let i = 0; i < pairs; i++) {
    let timeA: number
    let timeB: number
    if (Math.random() < 0.5) {
      timeA = await timeLogin(a())
      timeB = await timeLogin(b())
    } else {
      timeB = await timeLogin(b())
      timeA = await timeLogin(a())
    }
    ratios.push(timeA / timeB)
  }
  return median(ratios)
}

const unknownEmail = () => ({
  email: `nobody-${Math.random()}@example.com`,
  password: 'guess-1234',
})
const wrongPassword = () => ({ email: user.email, password: `guess-${Math.random()}` })

test('unknown email and wrong password take the same time', async (context) => {
  // Warm-up: the first requests pay for compiling, caches and the dummy hash.
  for (let i = 0; i < 3; i++) {
    await timeLogin(unknownEmail())
    await timeLogin(wrongPassword())
  }
  const ratio = await medianRatio(unknownEmail, wrongPassword, PAIRS)
  context.diagnostic(`median time ratio, unknown email / wrong password: ${ratio.toFixed(3)}`)
  assert.ok(ratio > 0.5 && ratio < 2, `unknown email / wrong password = ${ratio.toFixed(3)}`)
})

test('the measurement can see a difference when there is one', async (context) => {
  // A request refused before any hashing (a malformed body) against a wrong password: if this
  // ratio were near 1, hashing would not dominate a login and the test above would prove nothing.
  const malformed = () => ({ email: user.email })
  const ratio = await medianRatio(malformed, wrongPassword, 8)
  context.diagnostic(`median time ratio, malformed / wrong password: ${ratio.toFixed(3)}`)
  assert.ok(ratio < 0.5, `malformed / wrong password = ${ratio.toFixed(3)}`)
})
