import { dismissToast, useToasts } from '../lib/toasts'

/** Two live regions, so errors interrupt a screen reader and other news waits its turn. */
export function Toaster() {
  const toasts = useToasts()
  const errors = toasts.filter((toast) => toast.tone === 'error')
  const news = toasts.filter((toast) => toast.tone !== 'error')
  return (
    <div className="toaster">
      <div role="alert" className="toast-stack">
        {errors.map((toast) => (
          <ToastItem key={toast.id} id={toast.id} message={toast.message} tone="error" />
        ))}
      </div>
      <div role="status" className="toast-stack">
        {news.map((toast) => (
          <ToastItem key={toast.id} id={toast.id} message={toast.message} tone="info" />
        ))}
      </div>
    </div>
  )
}

function ToastItem({ id, message, tone }: { id: number; message: string; tone: string }) {
  return (
    <div className={`toast toast-${tone}`}>
      <p className="toast-message">{message}</p>
      <button type="button" className="toast-close" onClick={() => dismissToast(id)}>
        <span aria-hidden="true">×</span>
        <span className="visually-hidden">Dismiss message</span>
      </button>
    </div>
  )
}
