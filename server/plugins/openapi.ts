import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { API_PREFIX, SESSION_COOKIE } from '../../contract/limits.js'

const DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join('; ')

// The document is generated from the same schemas that validate requests and serialize responses,
// so it cannot drift from what the service does. The web app's client types are generated from it.
async function openapiPlugin(app: FastifyInstance) {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Todo API',
        version: '1.0.0',
        description:
          'Multi-user task manager. Sign up, get a token from /auth/login, then send it as `Authorization: Bearer <token>`. Errors are application/problem+json (RFC 9457).',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          oauth2Password: {
            type: 'oauth2',
            flows: { password: { tokenUrl: `${API_PREFIX}/auth/login`, scopes: {} } },
          },
        },
      },
      tags: [
        { name: 'auth', description: 'Accounts, tokens and browser sessions' },
        { name: 'tasks', description: 'Your own tasks' },
        { name: 'health', description: 'Liveness and readiness' },
      ],
    },
  })
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    // Served from the package itself: works offline, no CDN. staticCSP adds hashes for the
    // page's own inline bootstrap so the strict policy holds there too.
    staticCSP: true,
    // The plugin's default policy allows any https: style or font and an outside validator badge;
    // the docs need none of that.
    transformStaticCSP: () => DOCS_CSP,
    uiConfig: { persistAuthorization: false },
  })
  app.get(`${API_PREFIX}/openapi.json`, { schema: { hide: true } }, async () => app.swagger())
}

export default fp(openapiPlugin, { name: 'openapi' })
