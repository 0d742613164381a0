import { useSyncExternalStore } from 'react'

// Short messages about things that happened away from the user's focus, such as a change the
// server refused after the screen had already shown it.

export type ToastTone = 'info' | 'error'

export interface Toast {
  id: number
  tone: ToastTone
  message: string
}

// Long enough to read a sentence twice; errors stay longer because they ask the user to act.
const DISMISS_AFTER_MS: Record<ToastTone, number> = { info: 5_000, error: 10_000 }

let toasts: readonly Toast[] = []
let nextId = 1
const subscribers = new Set<() => void>()

function publish(next: readonly Toast[]) {
  toasts = next
  for (const notify of subscribers) notify()
}

export function dismissToast(id: number): void {
  publish(toasts.filter((toast) => toast.id !== id))
}

export function showToast(message: string, tone: ToastTone = 'info'): number {
  const id = nextId++
  publish([...toasts, { id, tone, message }])
  setTimeout(() => dismissToast(id), DISMISS_AFTER_MS[tone])
  return id
}

function subscribe(callback: () => void) {
  subscribers.add(callback)
  return () => subscribers.delete(callback)
}

export function useToasts(): readonly Toast[] {
  return useSyncExternalStore(subscribe, () => toasts)
}
