import { useLocation } from 'wouter'
import { useEndSession } from '../../features/auth'
import {
  ChangeEmailForm,
  ChangePasswordForm,
  DeleteAccount,
  SignOutEverywhere,
} from '../../features/settings'
import type { User } from '../../lib/api/types'
import { useDocumentTitle } from './AuthPageLayout'

export function SettingsPage({ user }: { user: User }) {
  const endSession = useEndSession()
  const [, navigate] = useLocation()
  useDocumentTitle('Settings')

  return (
    <div className="settings-page">
      <h1 className="page-title">Settings</h1>
      <p className="muted">
        Signed in as <strong>{user.email}</strong>.
      </p>
      <section className="card settings-section" aria-labelledby="settings-email">
        <h2 id="settings-email">Email</h2>
        <ChangeEmailForm currentEmail={user.email} />
      </section>
      <section className="card settings-section" aria-labelledby="settings-password">
        <h2 id="settings-password">Password</h2>
        <ChangePasswordForm />
      </section>
      <section className="card settings-section" aria-labelledby="settings-sessions">
        <h2 id="settings-sessions">Sessions</h2>
        <SignOutEverywhere
          onSignedOut={() => {
            navigate('/signin', { replace: true })
            endSession('You have been signed out on every device.')
          }}
        />
      </section>
      <section className="card settings-section danger-zone" aria-labelledby="settings-delete">
        <h2 id="settings-delete">Delete account</h2>
        <DeleteAccount
          email={user.email}
          onDeleted={() => {
            navigate('/signup', { replace: true })
            endSession('Your account and all its tasks have been deleted.')
          }}
        />
      </section>
    </div>
  )
}
