// Builds the whole service as a Fastify instance without listening, so tests, benchmarks and
// main.ts all run exactly the same app. Dependencies come in; nothing here reads the environment.
import cookie from '@fastify/cookie'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import { randomUUID } from 'node:crypto'
import { API_PREFIX } from '../contract/limits.js'
import type { Config, TrustProxy } from './config.js'
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
import { createClientErrorHandler } from './plugins/client-errors.js'
import errors, { HttpProblem, sendProblem, sendRouteNotFound } from './plugins/errors.js'
import openapi from './plugins/openapi.js'
import securityHeaders, { fallbackSecurityHeaders } from './plugins/security-headers.js'
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
const FRAMEWORK_ERRORS: Record<string, { status: number; detail: string } | undefined> = {
  FST_ERR_BAD_URL: { status: 400, detail: 'The URL is malformed (invalid percent-encoding).' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, detail: 'A segment of the URL path is too long.' },
}

/**
 * Fastify 5 quietly treats a numeric trustProxy as "trust no hop" (a hop count alone cannot tell a
 * proxy from a client connecting directly), so TRUST_PROXY=1 used to leave every client behind the
 * proxy with the proxy's address, sharing one rate-limit budget. A hop count means what it means
 * in Express: trust that many hops nearest to us, and take the client address the last of them saw.
 */
function toFastifyTrustProxy(trustProxy: TrustProxy) {
  return typeof trustProxy === 'number'
    ? (_address: string, hop: number) => hop < trustProxy
    : trustProxy
}

// A Redis outage reports an error on every reconnect attempt; one line a minute says enough.
function warnAtMostEvery(intervalMs: number, warn: (error: Error) => void) {
  let last = 0
  return (error: Error) => {
    if (Date.now() - last < intervalMs) return
    last = Date.now()
    warn(error)
  }
}

export async function buildApp({
  config,
  database,
  logger,
  hashSlots,
}: AppDeps): Promise<FastifyInstance> {
  const bareHeaders = fallbackSecurityHeaders(config.hstsMaxAgeSeconds)
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    trustProxy: toFastifyTrustProxy(config.trustProxy),
    bodyLimit: BODY_LIMIT,
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.requestTimeoutMs,
    http: {
      // Node applies requestTimeout to a slowly trickling body only when the server is created
      // with it (Fastify sets it afterwards, which covers the headers alone). The default check
      // every 30 s would also let a stalled request live far past the timeout.
      requestTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1_000, Math.ceil(config.requestTimeoutMs / 4)),
    },
    logController: new LogController({ requestIdLogLabel: 'request_id' }),
    // A proxy's or client's X-Request-Id is kept when it is a plain token, so one id follows a
    // request across systems; anything else is replaced rather than written into our logs.
    genReqId: (request) => {
      const incoming = request.headers['x-request-id']
      return typeof incoming === 'string' && CLIENT_REQUEST_ID.test(incoming)
        ? incoming
        : randomUUID()
    },
    clientErrorHandler: createClientErrorHandler(bareHeaders),
    // The router's own refusals (malformed percent-encoding, an over-long path segment) happen
    // before any route or error handler; without this they leave as Fastify's plain JSON.
    frameworkErrors: (error, request, reply) => {
      const known = FRAMEWORK_ERRORS[error.code]
      if (!known) request.log.error({ err: error }, 'unhandled router error')
      reply.headers({ ...bareHeaders, 'x-request-id': request.id })
      sendProblem(
        request,
        reply,
        known
          ? new HttpProblem(known.status, known.detail)
          : new HttpProblem(500, 'Something went wrong on our side; it has been logged.'),
      )
    },
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<TypeBoxTypeProvider>()

  installValidators(app)
  // JSON only (plus the login form, in its own scope). Fastify also parses text/plain by default,
  // which a cross-site form can send without a CORS preflight.
  app.removeContentTypeParser('text/plain')
  await app.register(errors)

  // Requests still running at shutdown must not leave their keep-alive connection open behind
  // them, or the server waits for the client's idle timeout before it can exit.
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
    // An answer given before the body has fully arrived (a 401 or 413 while the client is still
    // uploading) closes the connection: Node would otherwise keep reading and discarding the rest,
    // and a slow sender would later get a second, unsolicited 408 on the same connection.
    // (Injected test requests leave `complete` undefined; only Node's own false counts.)
    if (closing || request.raw.complete === false) reply.header('connection', 'close')
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
  const hasher = createPasswordHasher({
    rounds: config.bcryptRounds,
    concurrency: config.hashConcurrency,
    slots: hashSlots,
  })
  const limiter = await createAuthLimiter({
    perIpPerMinute: config.authRateLimitPerIp,
    failuresPerEmail: config.authFailuresPerEmail,
    failureWindowSeconds: config.authFailureWindowSeconds,
    redisUrl: config.redisUrl,
    onStoreError: warnAtMostEvery(60_000, (error) =>
      app.log.warn({ err: error }, 'rate-limit store unreachable; counting in memory meanwhile'),
    ),
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
