import { useEffect, type ReactNode } from 'react'

/** The frame shared by the sign-in and sign-up pages. */
export function AuthPageLayout({
  title,
  notice,
  children,
}: {
  title: string
  /** Why the visitor is here, such as an ended session. */
  notice?: string | null
  children: ReactNode
}) {
  useDocumentTitle(title)
  return (
    <main className="page page-center auth-page">
      <div className="card auth-card">
        <p className="brand brand-large" aria-hidden="true">
          Todo
        </p>
        <h1>{title}</h1>
        {notice ? (
          <p className="notice" role="status">
            {notice}
          </p>
        ) : null}
        {children}
      </div>
    </main>
  )
}

export function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Todo`
  }, [title])
}
