import { useLocation, useSearch } from 'wouter'
import { CredentialsForm, useSessionNotice, useSignUp } from '../../features/auth'
import { safeNextPath } from '../../lib/safe-path'
import { AuthPageLayout } from './AuthPageLayout'

export function SignUpPage() {
  const signUp = useSignUp()
  const [notice] = useSessionNotice()
  const search = useSearch()
  const [, navigate] = useLocation()
  const next = safeNextPath(new URLSearchParams(search).get('next'))
  return (
    <AuthPageLayout title="Create your account" notice={notice}>
      <CredentialsForm
        mode="signup"
        search={search ? `?${search}` : ''}
        onSubmit={async (credentials) => {
          await signUp.mutateAsync(credentials)
          navigate(next, { replace: true })
        }}
      />
    </AuthPageLayout>
  )
}
