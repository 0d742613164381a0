import type { ButtonHTMLAttributes, MouseEvent, Ref } from 'react'

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: 'primary' | 'secondary' | 'danger' | 'ghost'
  /** While true the button says what is happening and ignores clicks, but keeps focus. */
  busy?: boolean
  busyLabel?: string
  ref?: Ref<HTMLButtonElement>
}

export function Button({
  variant = 'secondary',
  busy = false,
  busyLabel,
  className,
  children,
  onClick,
  type = 'button',
  ...rest
}: ButtonProps) {
  // aria-disabled rather than disabled: a disabled button drops keyboard focus to the page.
  const guard = (event: MouseEvent<HTMLButtonElement>) => {
    if (busy) {
      event.preventDefault()
      return
    }
    onClick?.(event)
  }
  return (
    <button
      type={type}
      className={['button', `button-${variant}`, className].filter(Boolean).join(' ')}
      aria-disabled={busy || undefined}
      onClick={guard}
      {...rest}
    >
      {busy && busyLabel ? busyLabel : children}
    </button>
  )
}
