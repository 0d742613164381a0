// The load generator, run as its own process so its CPU use is not charged to the runner and it
// never shares an event loop with anything it measures. It receives one LoadSpec, runs a warm-up
// and then the measured run with autocannon, and replies with a LoadResult.
import autocannon, { type AutocannonOptions, type AutocannonRequest } from 'autocannon'
import { API_PREFIX } from '../contract/limits.js'
import type { LoadMessage, LoadReply, LoadResult, LoadSpec, Scenario } from './load-spec.js'
import { LatencyRecorder, round } from './stats.js'

const json = (token?: string): Record<string, string> => ({
  'content-type': 'application/json',
  ...(token ? { authorization: `Bearer ${token}` } : {}),
})

const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)]!

function requestOptions(scenario: Scenario): Pick<AutocannonOptions, 'requests'> {
  switch (scenario.kind) {
    case 'get':
      return {
        requests: [
          {
            method: 'GET',
            path: scenario.path,
            headers: scenario.token ? { authorization: `Bearer ${scenario.token}` } : {},
          },
        ],
      }
    case 'create':
      return {
        requests: [
          {
            method: 'POST',
            path: `${API_PREFIX}/tasks`,
            headers: json(scenario.token),
            body: JSON.stringify({ title: 'Benchmark task', description: 'Created under load' }),
          },
        ],
      }
    case 'login':
      return {
        requests: [
          {
            method: 'POST',
            path: `${API_PREFIX}/auth/login`,
            headers: json(),
            body: JSON.stringify({ email: scenario.email, password: scenario.password }),
          },
        ],
      }
    case 'mixed': {
      const { users } = scenario
      // Rebuilt for every request: a random user, then list (80 %), update (15 %) or create (5 %).
      const setupRequest = (): AutocannonRequest => {
        const user = pick(users)
        const roll = Math.random()
        if (roll < 0.8) {
          return {
            method: 'GET',
            path: `${API_PREFIX}/tasks`,
            headers: { authorization: `Bearer ${user.token}` },
          }
        }
        if (roll < 0.95) {
          return {
            method: 'PATCH',
            path: `${API_PREFIX}/tasks/${pick(user.taskIds)}`,
            headers: json(user.token),
            body: JSON.stringify({ completed: Math.random() < 0.5 }),
          }
        }
        return {
          method: 'POST',
          path: `${API_PREFIX}/tasks`,
          headers: json(user.token),
          body: JSON.stringify({ title: 'Mixed workload task' }),
        }
      }
      return { requests: [{ setupRequest }] }
    }
  }
}

function run(
  spec: LoadSpec,
  durationSeconds: number,
  latencies?: LatencyRecorder,
): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const startedAt = performance.now()
    let requests = 0
    const instance = autocannon(
      {
        url: spec.origin,
        connections: spec.connections,
        duration: durationSeconds,
        timeout: spec.timeoutSeconds,
        ...requestOptions(spec.scenario),
      },
      (error, result) => {
        if (error) return reject(error)
        const elapsedSeconds = (performance.now() - startedAt) / 1000
        const summary = latencies?.summary() ?? {
          p50: Number.NaN,
          p99: Number.NaN,
          max: Number.NaN,
        }
        const statusCodes = Object.fromEntries(
          Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
        )
        resolve({
          requests,
          durationSeconds: round(elapsedSeconds),
          rps: round(requests / elapsedSeconds, 1),
          p50Ms: summary.p50,
          p99Ms: summary.p99,
          maxMs: summary.max,
          errors: result.errors,
          timeouts: result.timeouts,
          non2xx: result.non2xx,
          statusCodes,
        })
      },
    )
    // autocannon's own histogram has whole-millisecond buckets; the raw durations are exact.
    instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
      requests++
      latencies?.record(ms)
    })
  })
}

async function measure(spec: LoadSpec): Promise<LoadResult> {
  if (spec.warmupSeconds > 0) await run(spec, spec.warmupSeconds)
  reply({ type: 'measuring' })
  return run(spec, spec.durationSeconds, new LatencyRecorder())
}

process.once('message', (message: LoadMessage) => {
  measure(message.spec).then(
    (result) => reply({ type: 'result', result }),
    (error: unknown) =>
      reply({ type: 'error', message: error instanceof Error ? error.message : String(error) }),
  )
})

function reply(message: LoadReply): void {
  if (message.type === 'measuring') process.send?.(message)
  else process.send?.(message, () => process.exit(0))
}
