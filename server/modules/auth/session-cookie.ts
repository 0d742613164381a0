import type { FastifyReply, FastifyRequest } from 'fastify'
import { SESSION_COOKIE } from '../../../contract/limits.js'

// The web app's token lives here, out of reach of page scripts (HttpOnly), never sent by other
// sites (SameSite=Strict), and only to the API (Path=/api).
function cookieOptions(request: FastifyRequest, forceSecure: boolean) {
  return {
    httpOnly: true,
    sameSite: 'strict' as const,
    path: '/api',
    secure: forceSecure || request.protocol === 'https',
  }
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  expiresAt: Date,
  forceSecure: boolean,
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    ...cookieOptions(request, forceSecure),
    expires: expiresAt,
  })
}

export function clearSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  forceSecure: boolean,
): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(request, forceSecure))
}
