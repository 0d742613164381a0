import { useLocation, useSearch } from 'wouter'
import { CredentialsForm, useSessionNotice, useSignIn } from '../../features/auth'
import { safeNextPath } from '../../lib/safe-path'
import { AuthPageLayout } from './AuthPageLayout'

export function SignInPage() {
  const signIn = useSignIn()
  const [notice] = useSessionNotice()
  const search = useSearch()
  const [, navigate] = useLocation()
  const next = safeNextPath(new URLSearchParams(search).get('next'))
  return (
    <AuthPageLayout title="Sign in" notice={notice}>
      <CredentialsForm
        mode="signin"
        search={search ? `?${search}` : ''}
        onSubmit={async (credentials) => {
          await signIn.mutateAsync(credentials)
          navigate(next, { replace: true })
        }}
      />
    </AuthPageLayout>
  )
}
