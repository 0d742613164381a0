import { dictionary } from '@zxcvbn-ts/language-common'
import { passwordProblem } from '../../../contract/limits.js'
import { invalidField } from '../../plugins/errors.js'

// About 49,000 passwords seen most often in breaches (zxcvbn's list), lowercased for a
// case-insensitive check. Loaded once; a Set lookup costs nothing next to bcrypt.
const commonPasswords: ReadonlySet<string> = new Set(
  (dictionary['passwords-common'] as string[]).map((password) => password.toLowerCase()),
)

export const commonPasswordCount = commonPasswords.size

/** Throws a 422 naming `field` when a new password breaks a rule; the email must be normalized. */
export function assertAcceptablePassword(
  password: string,
  email: string,
  field = 'password',
): void {
  const problem = passwordProblem(password)
  if (problem) throw invalidField(field, problem)
  // Compared the way emails are stored (trimmed, lowercased): " Password " is no better than
  // "password", nor " ada@example.com " than the email itself.
  const lowered = password.trim().toLowerCase()
  if (commonPasswords.has(lowered)) {
    throw invalidField(
      field,
      'This password is among the most common ones and easy to guess; choose another.',
    )
  }
  if (lowered === email || lowered === email.split('@')[0]) {
    throw invalidField(
      field,
      'The password must not be your email address or the part before the @.',
    )
  }
}
