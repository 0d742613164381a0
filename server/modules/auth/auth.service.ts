import {
  emailProblem,
  normalizeEmail,
  utf8ByteLength,
  PASSWORD_MAX_BYTES,
} from '../../../contract/limits.js'
import { conflict, invalidField, unauthorized } from '../../plugins/errors.js'
import { logSecurityEvent, type RequestContext } from '../../lib/security-events.js'
import type { AuthLimiter } from './auth-limiter.js'
import type { PasswordHasher } from './password-hasher.js'
import { assertAcceptablePassword } from './password-policy.js'
import type { IssuedToken, TokenService } from './token-service.js'
import { EmailTakenError, type AccountRow, type UsersRepository } from './users.repository.js'

export interface AuthServiceDeps {
  users: UsersRepository
  hasher: PasswordHasher
  tokens: TokenService
  limiter: AuthLimiter
}

export interface SignedIn {
  user: AccountRow
  token: IssuedToken
}

// Unknown email and wrong password must be indistinguishable, by status, body and time.
const WRONG_CREDENTIALS = 'Incorrect email or password.'

function validEmail(raw: string, field = 'email'): string {
  const email = normalizeEmail(raw)
  const problem = emailProblem(email)
  if (problem) throw invalidField(field, problem)
  return email
}

export function createAuthService({ users, hasher, tokens, limiter }: AuthServiceDeps) {
  const issueFor = (user: AccountRow) =>
    tokens.issue({ userId: user.id, email: user.email, version: user.tokenVersion })

  /** Checks a signed-in user's password before a sensitive change; failures count toward lockout. */
  async function confirmPassword(
    context: RequestContext,
    userId: string,
    password: string,
    field: string,
  ) {
    const user = await users.findCredentialsById(userId)
    if (!user) throw unauthorized('Your account no longer exists.', 'invalid_token')
    const { remaining } = await limiter.spendAttempt(user.email)
    if (!(await hasher.verify(password, user.passwordHash))) {
      logSecurityEvent(context, remaining === 0 ? 'account_locked' : 'login_failed', {
        userId: user.id,
        reason: 'wrong current password',
      })
      throw invalidField(field, 'The current password is incorrect.')
    }
    await limiter.clearFailures(user.email)
    return user
  }

  return {
    async signup(context: RequestContext, rawEmail: string, password: string): Promise<AccountRow> {
      await limiter.hitFromIp(context.ip)
      const email = validEmail(rawEmail)
      assertAcceptablePassword(password, email)
      const passwordHash = await hasher.hash(password)
      try {
        const user = await users.create(email, passwordHash)
        logSecurityEvent(context, 'signup', { userId: user.id })
        return user
      } catch (error) {
        if (error instanceof EmailTakenError) {
          throw conflict('An account with this email already exists. Sign in instead.')
        }
        throw error
      }
    },

    async login(context: RequestContext, rawEmail: string, password: string): Promise<SignedIn> {
      await limiter.hitFromIp(context.ip)
      const email = normalizeEmail(rawEmail)
      const { remaining } = await limiter.spendAttempt(email)
      const user =
        emailProblem(email) === null ? await users.findCredentialsByEmail(email) : undefined
      // A password past 72 bytes can never be the stored one (signup refuses it), yet bcrypt would
      // compare only its first 72 bytes: it must fail, after the same amount of work.
      const tooLong = utf8ByteLength(password) > PASSWORD_MAX_BYTES
      const matches = await hasher.verify(password, user && !tooLong ? user.passwordHash : null)
      if (!user || !matches) {
        logSecurityEvent(context, remaining === 0 ? 'account_locked' : 'login_failed', {
          ...(user ? { userId: user.id } : {}),
          reason: user ? 'wrong password' : 'unknown email',
        })
        throw unauthorized(WRONG_CREDENTIALS)
      }
      await limiter.clearFailures(email)
      if (hasher.needsRehash(user.passwordHash)) {
        // Hashes from the original service or an older cost are upgraded while we hold the password.
        await users.replaceHash(user.id, user.passwordHash, await hasher.hash(password))
      }
      logSecurityEvent(context, 'login_succeeded', { userId: user.id })
      return { user, token: await issueFor(user) }
    },

    async changePassword(
      context: RequestContext,
      userId: string,
      currentPassword: string,
      newPassword: string,
    ): Promise<SignedIn> {
      const user = await confirmPassword(context, userId, currentPassword, 'current_password')
      assertAcceptablePassword(newPassword, user.email, 'new_password')
      const updated = await users.changePassword(user.id, await hasher.hash(newPassword))
      if (!updated) throw unauthorized('Your account no longer exists.', 'invalid_token')
      logSecurityEvent(context, 'password_changed', { userId: user.id })
      return { user: updated, token: await issueFor(updated) }
    },

    async changeEmail(
      context: RequestContext,
      userId: string,
      rawEmail: string,
      currentPassword: string,
    ): Promise<AccountRow> {
      const email = validEmail(rawEmail)
      const user = await confirmPassword(context, userId, currentPassword, 'current_password')
      try {
        const updated = await users.changeEmail(user.id, email)
        if (!updated) throw unauthorized('Your account no longer exists.', 'invalid_token')
        logSecurityEvent(context, 'email_changed', { userId: user.id })
        return updated
      } catch (error) {
        if (error instanceof EmailTakenError) {
          throw conflict('Another account already uses this email.')
        }
        throw error
      }
    },

    async logoutEverywhere(context: RequestContext, userId: string): Promise<void> {
      await users.revokeTokens(userId)
      logSecurityEvent(context, 'logout_all', { userId })
    },

    async deleteAccount(context: RequestContext, userId: string, password: string): Promise<void> {
      await confirmPassword(context, userId, password, 'password')
      await users.delete(userId)
      logSecurityEvent(context, 'account_deleted', { userId })
    },
  }
}

export type AuthService = ReturnType<typeof createAuthService>
