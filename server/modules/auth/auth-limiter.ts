import { createHash } from 'node:crypto'
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible'
import { tooManyRequests } from '../../plugins/errors.js'

export interface AuthLimiterOptions {
  perIpPerMinute: number
  failuresPerEmail: number
  failureWindowSeconds: number
  /** Shared counters across instances; without it each process counts on its own. */
  redisUrl?: string | undefined
  /** Told when Redis is unreachable; limits then fall back to this process's memory. */
  onStoreError?: (error: Error) => void
}

export interface AuthLimiter {
  /** Counts one auth request from this address; throws 429 past the limit. */
  hitFromIp(ip: string): Promise<void>
  /**
   * Spends one of the account's sign-in attempts before its password is checked, and throws 429
   * when none is left. Resolves with how many remain. A success gives them all back (clearFailures).
   */
  spendAttempt(email: string): Promise<{ remaining: number }>
  clearFailures(email: string): Promise<void>
  close(): Promise<void>
}

// Counters are keyed by a digest, so Redis never holds the addresses people sign in with.
const emailKey = (email: string) => createHash('sha256').update(email).digest('base64url')

export async function createAuthLimiter(options: AuthLimiterOptions): Promise<AuthLimiter> {
  // Loaded only when configured: the Redis client costs ~50 ms of start-up nobody else needs.
  const redis = options.redisUrl
    ? new (await import('ioredis')).Redis(options.redisUrl, {
        // Fail over to the in-memory insurance limiter at once instead of queueing during an outage.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        lazyConnect: false,
      })
    : undefined
  redis?.on('error', (error: Error) => options.onStoreError?.(error))

  const limiter = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ keyPrefix, points, duration })
    return redis
      ? new RateLimiterRedis({
          storeClient: redis,
          keyPrefix: `todo:${keyPrefix}`,
          points,
          duration,
          rejectIfRedisNotReady: true,
          insuranceLimiter: memory,
        })
      : memory
  }
  const perIp = limiter('auth-ip', options.perIpPerMinute, 60)
  const failures = limiter('login-fail', options.failuresPerEmail, options.failureWindowSeconds)

  const lockedOut = (retryMs: number) =>
    tooManyRequests(
      'Too many failed sign-in attempts for this account. Wait before trying again, or reset your password.',
      retryMs / 1000,
    )

  return {
    async hitFromIp(ip) {
      try {
        await perIp.consume(ip)
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection
        throw tooManyRequests(
          'Too many sign-in requests from your network. Wait a moment and try again.',
          rejection.msBeforeNext / 1000,
        )
      }
    },

    // Spent up front, atomically (one increment in Redis or memory), rather than checked first and
    // counted after the slow password check: otherwise a burst of parallel guesses all pass the check
    // before any failure is counted, and the limit means nothing.
    async spendAttempt(email) {
      try {
        const state = await failures.consume(emailKey(email))
        return { remaining: state.remainingPoints }
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection
        throw lockedOut(rejection.msBeforeNext)
      }
    },

    async clearFailures(email) {
      await failures.delete(emailKey(email))
    },

    async close() {
      redis?.disconnect()
    },
  }
}
