// Limits shared by the server's validation and the web app's form checks, so both say the same thing.
// Plain constants only: the web bundle imports this file.

export const API_PREFIX = '/api/v1'

export const EMAIL_MAX_LENGTH = 254
export const PASSWORD_MIN_LENGTH = 8
/** bcrypt ignores every byte past the 72nd, so a longer password would be silently truncated. */
export const PASSWORD_MAX_BYTES = 72

export const TITLE_MAX_LENGTH = 500
export const DESCRIPTION_MAX_LENGTH = 10_000
export const SEARCH_MAX_LENGTH = 200

export const PAGE_SIZE_DEFAULT = 50
export const PAGE_SIZE_MAX = 200

export const SESSION_COOKIE = 'app_session'
export const TOKEN_LIFETIME_SECONDS = 7 * 24 * 60 * 60

// Deliberately simple: one "@", no spaces, a dot in the domain. Deliverability is the mail server's job.
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function utf8ByteLength(value: string): number {
  return new TextEncoder().encode(value).length
}

/** The one place that decides what a password must look like; returns a sentence or null. */
export function passwordProblem(password: string): string | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    return `Password must be at least ${PASSWORD_MIN_LENGTH} characters long.`
  }
  if (utf8ByteLength(password) > PASSWORD_MAX_BYTES) {
    return `Password must be at most ${PASSWORD_MAX_BYTES} bytes (UTF-8); longer passwords would be silently truncated by bcrypt.`
  }
  return null
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

export function emailProblem(normalizedEmail: string): string | null {
  if (normalizedEmail.length === 0) return 'Email is required.'
  if (normalizedEmail.length > EMAIL_MAX_LENGTH || !EMAIL_PATTERN.test(normalizedEmail)) {
    return 'Enter a valid email address, like name@example.com.'
  }
  return null
}
