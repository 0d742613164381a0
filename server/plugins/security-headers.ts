import cors from '@fastify/cors'
import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

export interface SecurityHeadersOptions {
  corsOrigins: string[]
  hstsMaxAgeSeconds: number
}

/**
 * The protective headers for answers written outside Fastify's hooks, where helmet never runs:
 * the router's own refusals and the HTTP parser's (oversized headers, broken framing, timeouts).
 * They carry only a small problem+json body, so the policy can be the strictest one.
 */
export function fallbackSecurityHeaders(hstsMaxAgeSeconds: number): Record<string, string> {
  return {
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    ...(hstsMaxAgeSeconds > 0
      ? { 'strict-transport-security': `max-age=${hstsMaxAgeSeconds}; includeSubDomains` }
      : {}),
  }
}

async function securityHeadersPlugin(app: FastifyInstance, options: SecurityHeadersOptions) {
  await app.register(helmet, {
    // Strict: the web app ships no inline script or style, so nothing needs 'unsafe-inline'.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Only meaningful behind HTTPS; sending it over plain HTTP on a laptop would be wrong.
    strictTransportSecurity:
      options.hstsMaxAgeSeconds > 0
        ? { maxAge: options.hstsMaxAgeSeconds, includeSubDomains: true }
        : false,
  })

  // Cross-origin API use is opt-in, per origin. Cookies never cross sites (SameSite=Strict), so
  // credentials stay off: other origins authenticate with a bearer token.
  await app.register(cors, {
    origin: options.corsOrigins.length > 0 ? options.corsOrigins : false,
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'WWW-Authenticate'],
    maxAge: 600,
  })
}

export default fp(securityHeadersPlugin, { name: 'security-headers' })
