import { notifyManager, QueryClient } from '@tanstack/react-query'
import { ApiError } from '../lib/api/errors'

/** Retrying only helps when the server or the network failed, never for a refusal. */
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false
  return failureCount < 2
}

// Cache changes reach the screen before the browser paints again. With the default (a timer),
// an optimistic tick first flickers back to the old state: React restores the controlled
// checkbox at once, and the optimistic value arrives a task later.
notifyManager.setScheduler(queueMicrotask)

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 10_000, refetchOnWindowFocus: true },
      mutations: { retry: false },
    },
  })
}
