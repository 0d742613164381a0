import { Link } from 'wouter'
import { useDocumentTitle } from './AuthPageLayout'

export function NotFoundPage() {
  useDocumentTitle('Page not found')
  return (
    <main className="page page-center">
      <div className="card">
        <h1>Page not found</h1>
        <p>There is nothing at this address. It may have moved, or the link may be mistyped.</p>
        <p>
          <Link href="/">Go to your tasks</Link>
        </p>
      </div>
    </main>
  )
}
