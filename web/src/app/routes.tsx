import type { ReactNode } from 'react'
import { Redirect, Route, Switch, useLocation, useSearch } from 'wouter'
import { Button } from '../components/Button'
import { StatusMessage } from '../components/StatusMessage'
import { useCurrentUser } from '../features/auth'
import { errorMessage } from '../lib/api/errors'
import type { User } from '../lib/api/types'
import { safeNextPath } from '../lib/safe-path'
import { AppLayout } from './AppLayout'
import { NotFoundPage } from './pages/NotFoundPage'
import { SettingsPage } from './pages/SettingsPage'
import { SignInPage } from './pages/SignInPage'
import { SignUpPage } from './pages/SignUpPage'
import { TasksPage } from './pages/TasksPage'

export function AppRoutes() {
  return (
    <Switch>
      <Route path="/signin">
        <GuestOnly>
          <SignInPage />
        </GuestOnly>
      </Route>
      <Route path="/signup">
        <GuestOnly>
          <SignUpPage />
        </GuestOnly>
      </Route>
      <Route path="/">
        <SignedIn>{() => <TasksPage />}</SignedIn>
      </Route>
      <Route path="/settings">
        <SignedIn>{(user) => <SettingsPage user={user} />}</SignedIn>
      </Route>
      <Route>
        <NotFoundPage />
      </Route>
    </Switch>
  )
}

/** Waits for the session check; sends visitors without a session to sign in, then back here. */
function SignedIn({ children }: { children(user: User): ReactNode }) {
  const session = useCurrentUser()
  const [location] = useLocation()
  const search = useSearch()
  if (session.isPending) return <SessionLoading />
  if (session.isError) return <SessionError error={session.error} retry={session.refetch} />
  if (!session.data) {
    const here = `${location}${search ? `?${search}` : ''}`
    const next = here === '/' ? '' : `?next=${encodeURIComponent(here)}`
    return <Redirect to={`/signin${next}`} replace />
  }
  return <AppLayout user={session.data}>{children(session.data)}</AppLayout>
}

/** The sign-in pages are for visitors; a signed-in user goes where they were heading. */
function GuestOnly({ children }: { children: ReactNode }) {
  const session = useCurrentUser()
  const search = useSearch()
  if (session.isPending) return <SessionLoading />
  if (session.data) {
    return <Redirect to={safeNextPath(new URLSearchParams(search).get('next'))} replace />
  }
  // A failed session check still lets the visitor try to sign in.
  return <>{children}</>
}

function SessionLoading() {
  return (
    <main className="page page-center" aria-busy="true">
      <StatusMessage title="Loading…" />
    </main>
  )
}

function SessionError({ error, retry }: { error: unknown; retry: () => unknown }) {
  return (
    <main className="page page-center">
      <StatusMessage
        tone="error"
        title="We couldn't check whether you are signed in."
        action={<Button onClick={() => void retry()}>Try again</Button>}
      >
        <p>{errorMessage(error)}</p>
      </StatusMessage>
    </main>
  )
}
