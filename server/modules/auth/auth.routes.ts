import formbody from '@fastify/formbody'
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import {
  AccessToken,
  ChangeEmailBody,
  ChangePasswordBody,
  Credentials,
  DeleteAccountBody,
  LoginForm,
  SignupBody,
  User,
} from '../../../contract/auth.js'
import { currentUser } from '../../plugins/authenticate.js'
import { forbidden, invalidField } from '../../plugins/errors.js'
import { bearerAuth, NoContent, problems } from '../../lib/route-schemas.js'
import { logSecurityEvent } from '../../lib/security-events.js'
import type { AuthService, SignedIn } from './auth.service.js'
import { clearSessionCookie, setSessionCookie } from './session-cookie.js'
import type { AccountRow } from './users.repository.js'

export interface AuthRoutesOptions {
  auth: AuthService
  cookieSecure: boolean
}

// Credentials are small; a tight limit keeps password-hashing endpoints cheap to refuse.
const AUTH_BODY_LIMIT = 4 * 1024
const tags = ['auth']

const toUser = (row: AccountRow): User => ({
  id: row.id,
  email: row.email,
  created_at: row.createdAt.toISOString(),
})

const toAccessToken = ({ token }: SignedIn): AccessToken => ({
  access_token: token.token,
  token_type: 'bearer',
  expires_in: token.expiresIn,
})

export const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (
  app,
  { auth, cookieSecure },
) => {
  const startSession = (request: FastifyRequest, reply: FastifyReply, signedIn: SignedIn) =>
    setSessionCookie(request, reply, signedIn.token.token, signedIn.token.expiresAt, cookieSecure)

  // Login CSRF: a foreign page must not sign the browser into (or out of) an account either.
  const refuseForeignOrigin = async (request: FastifyRequest) => {
    if (request.headers.origin !== undefined && !app.isTrustedOrigin(request)) {
      logSecurityEvent(request, 'cross_site_request_refused', {
        reason: String(request.headers.origin),
      })
      throw forbidden('Cross-site request refused: the Origin header does not match this site.')
    }
  }

  // Public routes.
  app.post(
    '/auth/signup',
    {
      bodyLimit: AUTH_BODY_LIMIT,
      schema: {
        tags,
        summary: 'Create an account',
        body: SignupBody,
        response: { 201: User, ...problems(400, 409, 413, 415, 422, 429) },
      },
    },
    async (request, reply) => {
      const user = await auth.signup(request, request.body.email, request.body.password)
      return reply.code(201).send(toUser(user))
    },
  )

  await app.register(async (scope) => {
    const loginScope = scope.withTypeProvider<TypeBoxTypeProvider>()
    // Form bodies only where the OAuth2 password flow needs them.
    await loginScope.register(formbody, { bodyLimit: AUTH_BODY_LIMIT })
    loginScope.post(
      '/auth/login',
      {
        bodyLimit: AUTH_BODY_LIMIT,
        // The body schema is chosen by content type, so a request without a body (and without a
        // type) skips validation entirely and would reach the handler with nothing in hand.
        preValidation: async (request) => {
          if (request.body === undefined) throw invalidField('body', 'must be object')
        },
        schema: {
          tags,
          summary: 'Get an access token',
          description:
            'JSON {email, password}, or form-urlencoded {username, password} (OAuth2 password flow). Unknown email and wrong password get the same 401.',
          body: {
            content: {
              'application/json': { schema: Credentials },
              'application/x-www-form-urlencoded': { schema: LoginForm },
            },
          },
          response: { 200: AccessToken, ...problems(400, 401, 413, 415, 422, 429) },
        },
      },
      async (request) => {
        const body = request.body as Credentials | LoginForm
        const email = 'username' in body ? body.username : body.email
        return toAccessToken(await auth.login(request, email, body.password))
      },
    )
  })

  app.post(
    '/auth/session',
    {
      bodyLimit: AUTH_BODY_LIMIT,
      onRequest: refuseForeignOrigin,
      schema: {
        tags,
        summary: 'Sign the browser in (HttpOnly cookie)',
        description:
          'Same checks as login, but the token goes into the app_session cookie (HttpOnly, SameSite=Strict, Path=/api) and the answer is the user.',
        body: Credentials,
        response: { 200: User, ...problems(400, 401, 403, 413, 415, 422, 429) },
      },
    },
    async (request, reply) => {
      const signedIn = await auth.login(request, request.body.email, request.body.password)
      startSession(request, reply, signedIn)
      logSecurityEvent(request, 'session_started', { userId: signedIn.user.id })
      return toUser(signedIn.user)
    },
  )

  app.delete(
    '/auth/session',
    {
      onRequest: refuseForeignOrigin,
      schema: {
        tags,
        summary: 'Sign the browser out (clears the cookie)',
        response: { 204: NoContent, ...problems(403) },
      },
    },
    async (request, reply) => {
      clearSessionCookie(request, reply, cookieSecure)
      logSecurityEvent(request, 'session_ended')
      return reply.code(204).send(null)
    },
  )

  // Routes for a signed-in user.
  await app.register(async (scope) => {
    const privateScope = scope.withTypeProvider<TypeBoxTypeProvider>()
    privateScope.addHook('onRequest', privateScope.authenticate)
    const security = bearerAuth

    privateScope.get(
      '/auth/me',
      {
        schema: {
          tags,
          security,
          summary: 'The signed-in user',
          response: { 200: User, ...problems(401) },
        },
      },
      async (request) => toUser(currentUser(request)),
    )

    privateScope.patch(
      '/auth/me',
      {
        bodyLimit: AUTH_BODY_LIMIT,
        schema: {
          tags,
          security,
          summary: 'Change the email (current password required)',
          body: ChangeEmailBody,
          response: { 200: User, ...problems(400, 401, 403, 409, 413, 415, 422, 429) },
        },
      },
      async (request) => {
        const { email, current_password } = request.body
        return toUser(
          await auth.changeEmail(request, currentUser(request).id, email, current_password),
        )
      },
    )

    privateScope.delete(
      '/auth/me',
      {
        bodyLimit: AUTH_BODY_LIMIT,
        schema: {
          tags,
          security,
          summary: 'Delete the account and all its tasks',
          body: DeleteAccountBody,
          response: { 204: NoContent, ...problems(400, 401, 403, 413, 415, 422, 429) },
        },
      },
      async (request, reply) => {
        await auth.deleteAccount(request, currentUser(request).id, request.body.password)
        clearSessionCookie(request, reply, cookieSecure)
        return reply.code(204).send(null)
      },
    )

    privateScope.post(
      '/auth/logout-all',
      {
        schema: {
          tags,
          security,
          summary: 'Revoke every token issued so far (sign out everywhere)',
          response: { 204: NoContent, ...problems(401, 403) },
        },
      },
      async (request, reply) => {
        await auth.logoutEverywhere(request, currentUser(request).id)
        clearSessionCookie(request, reply, cookieSecure)
        return reply.code(204).send(null)
      },
    )

    privateScope.post(
      '/auth/password',
      {
        bodyLimit: AUTH_BODY_LIMIT,
        schema: {
          tags,
          security,
          summary: 'Change the password; every other token stops working',
          description:
            'Returns a fresh token for this client (and renews the cookie when signed in by cookie).',
          body: ChangePasswordBody,
          response: { 200: AccessToken, ...problems(400, 401, 403, 413, 415, 422, 429) },
        },
      },
      async (request, reply) => {
        const { current_password, new_password } = request.body
        const signedIn = await auth.changePassword(
          request,
          currentUser(request).id,
          current_password,
          new_password,
        )
        if (request.headers.authorization === undefined) startSession(request, reply, signedIn)
        return toAccessToken(signedIn)
      },
    )
  })
}
