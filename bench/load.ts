// Runs one load test in a separate process (load-client.ts) and returns its figures.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { trackChild } from './cleanup.js'
import type { LoadMessage, LoadReply, LoadResult, LoadSpec } from './load-spec.js'

const clientPath = fileURLToPath(new URL('./load-client.ts', import.meta.url))

/** `onMeasuring` runs when the warm-up ends, so meters can cover the counted seconds only. */
export function runLoad(spec: LoadSpec, onMeasuring?: () => void): Promise<LoadResult> {
  const child = trackChild(
    fork(clientPath, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' }),
  )
  // A bounded run whatever happens to the client: its own duration plus a generous margin.
  const limitMs = (spec.warmupSeconds + spec.durationSeconds + spec.timeoutSeconds + 30) * 1000
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`load client did not finish within ${limitMs / 1000} s`))
    }, limitMs)
    child.on('message', (reply: LoadReply) => {
      if (reply.type === 'measuring') return onMeasuring?.()
      clearTimeout(timer)
      if (reply.type === 'result') resolve(reply.result)
      else reject(new Error(`load client failed: ${reply.message}`))
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`load client exited with code ${code} before answering`))
    })
    child.send({ type: 'run', spec } satisfies LoadMessage)
  })
}
