/**
 * The in-app path to return to after signing in. Only same-origin paths are kept: a "next"
 * parameter pointing elsewhere would turn the sign-in page into an open redirect.
 */
export function safeNextPath(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return fallback
  }
  // Returning to the sign-in pages would loop.
  if (/^\/(signin|signup)(?:[/?#]|$)/.test(next)) return fallback
  return next
}
