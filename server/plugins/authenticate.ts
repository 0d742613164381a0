// get_current_user: the one piece every private route runs first. It finds the JWT (bearer header,
// or the web app's HttpOnly cookie), verifies it, loads the user, and refuses with 401 otherwise.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { SESSION_COOKIE } from '../../contract/limits.js'
import { logSecurityEvent } from '../lib/security-events.js'
import { InvalidTokenError, type TokenService } from '../modules/auth/token-service.js'
import type { AccountRow, UsersRepository } from '../modules/auth/users.repository.js'
import { clearSessionCookie } from '../modules/auth/session-cookie.js'
import { forbidden, unauthorized } from './errors.js'

export type CurrentUser = AccountRow

/** Finds the account a token names; undefined when the user no longer exists. */
export type AccountLoader = (userId: string) => Promise<AccountRow | undefined>

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Replaces the account lookup for one route, so a route can read the account together with
     * its own data in a single round trip. It gets the default lookup to fall back on. The
     * token's version is still checked here, on whatever it returns.
     */
    loadAccount?: (
      userId: string,
      request: FastifyRequest,
      findAccount: AccountLoader,
    ) => ReturnType<AccountLoader>
  }
  interface FastifyRequest {
    /** Set by `authenticate`; null on public routes. */
    currentUser: CurrentUser | null
  }
  interface FastifyInstance {
    authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void>
    /** Origins allowed to act with the session cookie: our own and CORS_ORIGINS. */
    isTrustedOrigin(request: FastifyRequest): boolean
  }
}

const BEARER = /^Bearer +([A-Za-z0-9_.~+/-]+=*) *$/i
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export interface AuthenticateOptions {
  tokens: TokenService
  users: UsersRepository
  corsOrigins: string[]
  cookieSecure: boolean
}

/** The user set by `authenticate`; only call it from routes in an authenticated scope. */
export function currentUser(request: FastifyRequest): CurrentUser {
  if (!request.currentUser) throw new Error('currentUser() called on a route without authenticate')
  return request.currentUser
}

async function authenticatePlugin(app: FastifyInstance, options: AuthenticateOptions) {
  const extraOrigins = new Set(options.corsOrigins)
  const findAccount: AccountLoader = (userId) => options.users.findAccountById(userId)
  app.decorateRequest('currentUser', null)

  app.decorate('isTrustedOrigin', (request: FastifyRequest) => {
    const origin = request.headers.origin
    if (typeof origin !== 'string') return false
    return origin === `${request.protocol}://${request.host}` || extraOrigins.has(origin)
  })

  app.decorate('authenticate', async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization
    let token: string | undefined
    let fromCookie = false
    if (header !== undefined) {
      // A present but unusable header is an error, never a reason to fall back to the cookie.
      token = BEARER.exec(header)?.[1]
      if (!token)
        throw unauthorized('The Authorization header must be "Bearer <token>".', 'invalid_token')
    } else {
      token = request.cookies[SESSION_COOKIE]
      fromCookie = token !== undefined
    }
    if (!token) throw unauthorized('Not authenticated: send Authorization: Bearer <token>.')

    // Browsers attach cookies to cross-site requests; only our own pages may act with them.
    if (fromCookie && UNSAFE_METHODS.has(request.method) && !app.isTrustedOrigin(request)) {
      logSecurityEvent(request, 'cross_site_request_refused', {
        reason: String(request.headers.origin),
      })
      throw forbidden('Cross-site request refused: the Origin header does not match this site.')
    }

    const refuse = (detail: string) => {
      // A dead cookie is removed, so the browser stops sending it.
      if (fromCookie) clearSessionCookie(request, reply, options.cookieSecure)
      return unauthorized(detail, 'invalid_token')
    }

    let claims
    try {
      claims = await options.tokens.verify(token)
    } catch (error) {
      if (error instanceof InvalidTokenError)
        throw refuse('The token is invalid or has expired; sign in again.')
      throw error
    }
    const { loadAccount } = request.routeOptions.config
    const user = loadAccount
      ? await loadAccount(claims.userId, request, findAccount)
      : await findAccount(claims.userId)
    if (!user || user.tokenVersion !== claims.version) {
      throw refuse('The token is no longer valid; sign in again.')
    }
    request.currentUser = user
  })
}

export default fp(authenticatePlugin, { name: 'authenticate', dependencies: ['@fastify/cookie'] })
