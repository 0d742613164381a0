import { useEffect, useRef, type ReactNode } from 'react'
import { Link, useLocation } from 'wouter'
import { Button } from '../components/Button'
import { useSignOut } from '../features/auth'
import { errorMessage } from '../lib/api/errors'
import type { User } from '../lib/api/types'
import { showToast } from '../lib/toasts'

export function AppLayout({ user, children }: { user: User; children: ReactNode }) {
  const signOut = useSignOut()
  const [location] = useLocation()
  const main = useRef<HTMLElement>(null)
  const shownLocation = useRef(location)

  // A new page replaces the content without a page load, so nothing tells a screen reader or
  // moves keyboard focus; focus the new content, as a page load would start there. Filters and
  // search change only the query string and keep focus where it is.
  useEffect(() => {
    if (shownLocation.current === location) return
    shownLocation.current = location
    main.current?.focus()
  }, [location])

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
      <main id="main" ref={main} className="page" tabIndex={-1}>
        {children}
      </main>
    </>
  )
}
