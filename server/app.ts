// Builds the whole service as a Fastify instance without listening, so tests, benchmarks and
// main.ts all run exactly the same app. Dependencies come in; nothing here reads the environment.
import cookie from '@fastify/cookie'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import { randomUUID } from 'node:crypto'
import { API_PREFIX } from '../contract/limits.js'
import type { Config } from './config.js'
import type { Database } from './db/database.js'
import type { Slots } from './lib/shared-semaphore.js'
import { createAuthLimiter } from './modules/auth/auth-limiter.js'
import { authRoutes } from './modules/auth/auth.routes.js'
import { createAuthService } from './modules/auth/auth.service.js'
import { createPasswordHasher } from './modules/auth/password-hasher.js'
import { createTokenService } from './modules/auth/token-service.js'
import { createUsersRepository } from './modules/auth/users.repository.js'
import { healthRoutes } from './modules/health/health.routes.js'
import { taskRoutes } from './modules/tasks/tasks.routes.js'
import { createTasksRepository } from './modules/tasks/tasks.repository.js'
import authenticate from './plugins/authenticate.js'
import errors, { PROBLEM_CONTENT_TYPE, sendRouteNotFound } from './plugins/errors.js'
import openapi from './plugins/openapi.js'
import securityHeaders from './plugins/security-headers.js'
import { installValidators } from './plugins/validation.js'
import webApp from './plugins/web-app.js'

export interface AppDeps {
  config: Readonly<Config>
  database: Database
  logger: Logger
  /** Cluster workers share the host's bcrypt slots; a single process uses its own. */
  hashSlots?: Slots | undefined
}

// Large enough for a task with a 10,000-character description in any script; auth routes are tighter.
const BODY_LIMIT = 64 * 1024
const CLIENT_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/

export async function buildApp({
  config,
  database,
  logger,
  hashSlots,
}: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // A hop count is valid at runtime (proxy-addr) though Fastify's types omit it.
    trustProxy: config.trustProxy as boolean | string[],
    bodyLimit: BODY_LIMIT,
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.requestTimeoutMs,
    logController: new LogController({ requestIdLogLabel: 'request_id' }),
    // A proxy's or client's X-Request-Id is kept when it is a plain token, so one id follows a
    // request across systems; anything else is replaced rather than written into our logs.
    genReqId: (request) => {
      const incoming = request.headers['x-request-id']
      return typeof incoming === 'string' && CLIENT_REQUEST_ID.test(incoming)
        ? incoming
        : randomUUID()
    },
    // Malformed HTTP (oversized headers, broken framing) never reaches the router; answer it in
    // the same problem+json shape instead of Node's bare text.
    clientErrorHandler: (error, socket) => {
      const status = (error as NodeJS.ErrnoException).code === 'HPE_HEADER_OVERFLOW' ? 431 : 400
      if (socket.writable) {
        const body = JSON.stringify({
          type: 'about:blank',
          title: status === 431 ? 'Request Header Fields Too Large' : 'Bad Request',
          status,
          detail:
            status === 431 ? 'The request headers are too large.' : 'The request is malformed.',
        })
        socket.end(
          `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
            `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
            `Connection: close\r\n\r\n${body}`,
        )
      } else {
        socket.destroy(error)
      }
    },
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<TypeBoxTypeProvider>()

  installValidators(app)
  // JSON only (plus the login form, in its own scope). Fastify also parses text/plain by default,
  // which a cross-site form can send without a CORS preflight.
  app.removeContentTypeParser('text/plain')
  await app.register(errors)

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
    // API answers carry tokens and personal data: no browser or proxy cache may keep them.
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-store')
    }
  })

  const users = createUsersRepository(database.db)
  const tasks = createTasksRepository(database)
  const tokens = createTokenService({
    secret: config.jwtSecret,
    previousSecret: config.jwtSecretPrevious,
  })
  const hasher = await createPasswordHasher({
    rounds: config.bcryptRounds,
    concurrency: config.hashConcurrency,
    slots: hashSlots,
  })
  const limiter = createAuthLimiter({
    perIpPerMinute: config.authRateLimitPerIp,
    failuresPerEmail: config.authFailuresPerEmail,
    failureWindowSeconds: config.authFailureWindowSeconds,
    redisUrl: config.redisUrl,
    onStoreError: (error) =>
      app.log.warn({ err: error }, 'rate-limit store unreachable; using memory'),
  })
  app.addHook('onClose', () => limiter.close())
  const auth = createAuthService({ users, hasher, tokens, limiter })

  await app.register(securityHeaders, {
    corsOrigins: config.corsOrigins,
    hstsMaxAgeSeconds: config.hstsMaxAgeSeconds,
  })
  await app.register(cookie)
  await app.register(authenticate, {
    tokens,
    users,
    corsOrigins: config.corsOrigins,
    cookieSecure: config.cookieSecure,
  })
  await app.register(openapi)

  await app.register(
    async (api) => {
      await api.register(healthRoutes, { database })
      await api.register(authRoutes, { auth, cookieSecure: config.cookieSecure })
      await api.register(taskRoutes, { tasks })
      // Unknown /api paths stay problem+json even though the web app answers every other path.
      api.setNotFoundHandler(sendRouteNotFound)
    },
    { prefix: API_PREFIX },
  )
  await app.register(webApp)

  return app
}
