import { useEffect, type ReactNode } from 'react'
import { Link, useLocation } from 'wouter'
import { Button } from '../components/Button'
import { useSignOut } from '../features/auth'
import { errorMessage } from '../lib/api/errors'
import type { User } from '../lib/api/types'
import { showToast } from '../lib/toasts'

export function AppLayout({ user, children }: { user: User; children: ReactNode }) {
  const signOut = useSignOut()
  const [location] = useLocation()

  useEffect(() => {
    if (signOut.isError) showToast(`Couldn't sign out: ${errorMessage(signOut.error)}`, 'error')
  }, [signOut.isError, signOut.error])

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="app-header-inner">
          <Link href="/" className="brand">
            Todo
          </Link>
          <nav aria-label="Main" className="main-nav">
            <Link href="/" aria-current={location === '/' ? 'page' : undefined}>
              Tasks
            </Link>
            <Link href="/settings" aria-current={location === '/settings' ? 'page' : undefined}>
              Settings
            </Link>
          </nav>
          <div className="account">
            <span className="account-email" title={user.email}>
              {user.email}
            </span>
            <Button
              variant="ghost"
              busy={signOut.isPending}
              busyLabel="Signing out…"
              onClick={() => signOut.mutate()}
            >
              Sign out
            </Button>
          </div>
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        {children}
      </main>
    </>
  )
}
