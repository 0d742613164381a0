// One error path for the whole service: every failure leaves as application/problem+json (RFC 9457),
// 5xx details stay in the log, and every 401 names the Bearer scheme (RFC 6750).
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { STATUS_CODES } from 'node:http'
import type { FieldError, Problem } from '../../contract/problem.js'

export const PROBLEM_CONTENT_TYPE = 'application/problem+json'

/** An error the client caused and may read about. Anything else becomes a generic 500. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly extra: {
      errors?: FieldError[]
      headers?: Record<string, string>
      /** A stable URI naming the kind of problem, when a client may want to branch on it. */
      type?: string
    } = {},
  ) {
    super(detail)
    this.name = 'HttpProblem'
  }
}

const BEARER_CHALLENGE = 'Bearer realm="api"'

export const unauthorized = (detail = 'Not authenticated.', error?: 'invalid_token') =>
  new HttpProblem(401, detail, {
    headers: {
      'www-authenticate': error ? `${BEARER_CHALLENGE}, error="${error}"` : BEARER_CHALLENGE,
    },
  })
export const forbidden = (detail: string) => new HttpProblem(403, detail)
export const notFound = (detail: string) => new HttpProblem(404, detail)
export const conflict = (detail: string) => new HttpProblem(409, detail)
export const tooManyRequests = (detail: string, retryAfterSeconds: number) =>
  new HttpProblem(429, detail, {
    headers: { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
  })

/** A 422 about one field, for rules JSON Schema cannot express (bytes, trimming, common passwords). */
export const invalidField = (field: string, message: string, location = 'body') =>
  new HttpProblem(422, `${field}: ${message}`, { errors: [{ location, field, message }] })

export function problemBody(request: FastifyRequest, status: number, detail: string): Problem {
  return {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    instance: request.url.split('?')[0],
    request_id: String(request.id),
  }
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  problem: HttpProblem,
): FastifyReply {
  const body: Problem = problemBody(request, problem.status, problem.detail)
  if (problem.extra.type) body.type = problem.extra.type
  if (problem.extra.errors) body.errors = problem.extra.errors
  if (problem.extra.headers) reply.headers(problem.extra.headers)
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(body)
}

interface AjvIssue {
  instancePath: string
  keyword: string
  message?: string
  params: Record<string, unknown>
}

// Turns ajv's issues into field-level messages a person can act on.
function describeValidation(issues: AjvIssue[], location: string): FieldError[] {
  return issues.map((issue) => {
    const path = issue.instancePath
      .split('/')
      .filter(Boolean)
      .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    let message = issue.message ?? 'is invalid'
    if (issue.keyword === 'required') {
      path.push(String(issue.params.missingProperty))
      message = 'is required'
    } else if (issue.keyword === 'additionalProperties') {
      path.push(String(issue.params.additionalProperty))
      message = 'is not an accepted field'
    } else if (issue.keyword === 'minProperties') {
      message = 'must contain at least one field'
    } else if (issue.keyword === 'format' && issue.params.format === 'uuid') {
      message = 'must be a UUID'
    }
    return { location, field: path.join('.') || location, message }
  })
}

function fromFastifyError(error: FastifyError): HttpProblem | undefined {
  if (error.validation) {
    const context = error.validationContext ?? 'body'
    const location = context === 'querystring' ? 'query' : context
    const errors = describeValidation(error.validation as AjvIssue[], location)
    const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ')
    return new HttpProblem(422, detail || 'The request is invalid.', { errors })
  }
  const status = error.statusCode ?? 500
  if (status < 400 || status >= 500) return undefined
  // Fastify's own 4xx (bad JSON, wrong content type, body too large) carry safe messages;
  // the JSON parser's message may quote the input, so it gets a fixed sentence instead.
  const detail =
    error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
      ? 'The request body is not valid JSON.'
      : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? 'Unsupported content type; send application/json.'
        : error.message
  return new HttpProblem(status, detail)
}

async function errorsPlugin(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = error instanceof HttpProblem ? error : fromFastifyError(error)
    if (problem) {
      request.log.info({ status: problem.status, detail: problem.detail }, 'request refused')
      return sendProblem(request, reply, problem)
    }
    request.log.error({ err: error }, 'unhandled error')
    return sendProblem(
      request,
      reply,
      new HttpProblem(
        500,
        'Something went wrong on our side; it has been logged. Please try again.',
      ),
    )
  })
}

/** The 404 for a URL no route serves (the web app and the API scope each install it). */
export function sendRouteNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(
    request,
    reply,
    notFound(`No route for ${request.method} ${request.url.split('?')[0]}.`),
  )
}

export default fp(errorsPlugin, { name: 'errors' })
