import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useEffect, useSyncExternalStore } from 'react'
import { useLocation } from 'wouter'
import { api, onUnauthorized, unwrap } from '../../../lib/api/client'
import { ApiError } from '../../../lib/api/errors'
import type { User } from '../../../lib/api/types'
import { queryKeys } from '../../../lib/query-keys'

export interface Credentials {
  email: string
  password: string
}

/** The signed-in user, or null when there is no valid session (a 401 is an answer, not an error). */
export function useCurrentUser() {
  return useQuery({
    queryKey: queryKeys.session.me(),
    queryFn: async ({ signal }): Promise<User | null> => {
      try {
        return await unwrap(api.GET('/api/v1/auth/me', { signal }))
      } catch (error) {
        if (error instanceof ApiError && error.isUnauthorized) return null
        throw error
      }
    },
    staleTime: Infinity,
    retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
  })
}

// Why the last session ended, for the sign-in page to say. Kept in memory: after a reload the
// user simply sees the sign-in page.
let sessionNotice: string | null = null
const noticeSubscribers = new Set<() => void>()
function setSessionNotice(notice: string | null) {
  sessionNotice = notice
  for (const notify of noticeSubscribers) notify()
}

export function useSessionNotice(): [string | null, () => void] {
  const notice = useSyncExternalStore(
    (callback) => {
      noticeSubscribers.add(callback)
      return () => noticeSubscribers.delete(callback)
    },
    () => sessionNotice,
  )
  return [notice, () => setSessionNotice(null)]
}

const isUserData = (query: { queryKey: readonly unknown[] }) =>
  query.queryKey[0] !== queryKeys.session.all[0]

/** Forgets everything cached for the previous user and marks the browser as signed out. */
export function endSession(queryClient: QueryClient, notice: string | null = null): void {
  // Cancel first, so an in-flight answer for the old user cannot land after the reset. The
  // session query is left alone: cancelling it would revert it to "loading" after we set it.
  void queryClient.cancelQueries({ predicate: isUserData })
  queryClient.removeQueries({ predicate: isUserData })
  queryClient.setQueryData(queryKeys.session.me(), null)
  setSessionNotice(notice)
}

export const SESSION_EXPIRED_NOTICE = 'Your session has ended. Sign in again to continue.'

/** Ends the session wherever a request learns that the cookie is no longer accepted. */
export function useSessionExpiry(): void {
  const queryClient = useQueryClient()
  useEffect(
    () =>
      onUnauthorized((reason) => {
        const wasSignedIn = queryClient.getQueryData(queryKeys.session.me()) != null
        // A dead cookie met at start-up is an expired session too; no cookie at all is just a visit.
        const notice = wasSignedIn || reason === 'invalid' ? SESSION_EXPIRED_NOTICE : null
        endSession(queryClient, notice)
      }),
    [queryClient],
  )
}

function startSession(queryClient: QueryClient, user: User) {
  // Whatever was cached belonged to whoever used this tab before.
  queryClient.removeQueries({ predicate: isUserData })
  queryClient.setQueryData(queryKeys.session.me(), user)
  setSessionNotice(null)
}

export function useSignIn() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (credentials: Credentials) =>
      unwrap(api.POST('/api/v1/auth/session', { body: credentials })),
    onSuccess: (user) => startSession(queryClient, user),
  })
}

/** Creates the account, then signs in with the same credentials. */
export function useSignUp() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (credentials: Credentials) => {
      await unwrap(api.POST('/api/v1/auth/signup', { body: credentials }))
      return unwrap(api.POST('/api/v1/auth/session', { body: credentials }))
    },
    onSuccess: (user) => startSession(queryClient, user),
  })
}

export function useSignOut() {
  const queryClient = useQueryClient()
  const [, navigate] = useLocation()
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/auth/session')),
    onSuccess: () => {
      // Leave first: a page that finds the session gone would ask to come back to it afterwards.
      navigate('/signin')
      endSession(queryClient)
    },
  })
}

/** For screens outside this feature that end the session themselves (sign out everywhere). */
export function useEndSession() {
  const queryClient = useQueryClient()
  return (notice: string | null = null) => endSession(queryClient, notice)
}
