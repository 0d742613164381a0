import type { FastifyRequest } from 'fastify'
import { pino, type DestinationStream, type Logger } from 'pino'
import type { LogLevel } from '../config.js'

// Anything that could hold a credential is censored wherever it appears; the request serializer
// below already leaves headers and query strings out, this is the second line of defence.
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.current_password',
  '*.new_password',
  '*.access_token',
  '*.token',
  'password',
  'token',
  'access_token',
]

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'todo-api' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        // The path without its query string: a query may carry search terms or a mistakenly sent token.
        req: (request: FastifyRequest) => ({
          method: request.method,
          path: request.url.split('?')[0],
          remote: request.ip,
        }),
      },
    },
    destination,
  )
}
