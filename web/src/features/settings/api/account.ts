import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, unwrap } from '../../../lib/api/client'
import { queryKeys } from '../../../lib/query-keys'

export function useChangeEmail() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: { email: string; current_password: string }) =>
      unwrap(api.PATCH('/api/v1/auth/me', { body })),
    onSuccess: (user) => queryClient.setQueryData(queryKeys.session.me(), user),
  })
}

/** Every other session ends; this browser's cookie is renewed by the server. */
export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { current_password: string; new_password: string }) =>
      unwrap(api.POST('/api/v1/auth/password', { body })),
  })
}

export function useSignOutEverywhere() {
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/auth/logout-all')),
  })
}

export function useDeleteAccount() {
  return useMutation({
    mutationFn: (password: string) => unwrap(api.DELETE('/api/v1/auth/me', { body: { password } })),
  })
}
