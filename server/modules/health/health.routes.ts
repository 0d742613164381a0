import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Database } from '../../db/database.js'
import { HttpProblem } from '../../plugins/errors.js'
import { problems } from '../../lib/route-schemas.js'

const Status = Type.Object({ status: Type.String() })

export const healthRoutes: FastifyPluginAsyncTypebox<{ database: Database }> = async (
  app,
  { database },
) => {
  app.get(
    '/health',
    {
      logLevel: 'warn',
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process answers',
        response: { 200: Status },
      },
    },
    async () => ({ status: 'ok' }),
  )

  app.get(
    '/ready',
    {
      logLevel: 'warn',
      schema: {
        tags: ['health'],
        summary: 'Readiness: the database answers',
        response: { 200: Status, ...problems(503) },
      },
    },
    async (request) => {
      try {
        await database.ping(2_000)
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed')
        throw new HttpProblem(503, 'The database is not answering.', {
          headers: { 'retry-after': '5' },
        })
      }
      return { status: 'ready' }
    },
  )
}
