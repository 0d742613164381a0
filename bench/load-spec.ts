// What the runner asks the load-generating process to do, and what comes back. Plain data only:
// it crosses a process boundary.

export interface MixedUser {
  token: string
  taskIds: string[]
}

export type Scenario =
  /** The same GET, again and again (list, deep page, the bare server). */
  | { kind: 'get'; path: string; token?: string }
  | { kind: 'create'; token: string }
  /** 80 % list / 15 % update / 5 % create, each request for a random user. */
  | { kind: 'mixed'; users: MixedUser[] }
  | { kind: 'login'; email: string; password: string }

export interface LoadSpec {
  origin: string
  connections: number
  durationSeconds: number
  /** Run first and thrown away: JIT, pools and caches settle before anything is counted. */
  warmupSeconds: number
  /** Per request; bcrypt-bound requests queue for seconds under a flood. */
  timeoutSeconds: number
  scenario: Scenario
}

export interface LoadResult {
  requests: number
  durationSeconds: number
  rps: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  /** Connection errors and timeouts (autocannon counts timeouts among errors too). */
  errors: number
  timeouts: number
  non2xx: number
  statusCodes: Record<string, number>
}

export type LoadMessage = { type: 'run'; spec: LoadSpec }
export type LoadReply =
  /** Sent when the warm-up is over and the counted run begins. */
  | { type: 'measuring' }
  | { type: 'result'; result: LoadResult }
  | { type: 'error'; message: string }
