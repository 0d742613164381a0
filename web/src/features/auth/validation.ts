import {
  emailProblem,
  normalizeEmail,
  passwordProblem,
  PASSWORD_MAX_BYTES,
  utf8ByteLength,
} from '../../../../contract/limits'
import type { FieldErrors } from '../../lib/forms'

export type CredentialsField = 'email' | 'password'
export type AuthMode = 'signin' | 'signup'

/**
 * The server's own rules (shared through contract/limits), checked before sending so most
 * mistakes are explained without a round trip. The server still decides.
 */
export function checkCredentials(
  mode: AuthMode,
  email: string,
  password: string,
): FieldErrors<CredentialsField> {
  const errors: FieldErrors<CredentialsField> = {}
  const emailIssue = emailProblem(normalizeEmail(email))
  if (emailIssue) errors.email = emailIssue
  if (password === '') {
    errors.password = 'Password is required.'
  } else if (mode === 'signup') {
    const passwordIssue = passwordProblem(password)
    if (passwordIssue) errors.password = passwordIssue
  } else if (utf8ByteLength(password) > PASSWORD_MAX_BYTES) {
    // No account can have such a password: sign-up refuses them.
    errors.password = passwordProblem(password) ?? undefined
  }
  return errors
}
