import type { ReactNode } from 'react'

export interface StatusMessageProps {
  tone?: 'info' | 'error' | 'empty'
  title: string
  children?: ReactNode
  action?: ReactNode
}

/** Loading, empty and error states: what happened, and what the user can do about it. */
export function StatusMessage({ tone = 'info', title, children, action }: StatusMessageProps) {
  return (
    <div className={`status-message status-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <p className="status-title">{title}</p>
      {children ? <div className="status-body">{children}</div> : null}
      {action ? <div className="status-action">{action}</div> : null}
    </div>
  )
}
