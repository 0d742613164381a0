import { Ajv, type Options } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifyInstance } from 'fastify'

// Fastify's defaults coerce types and strip unknown properties everywhere. A JSON body must arrive
// exactly as declared ("completed": "yes" or an unknown "user_id" is a 422, never silently fixed),
// while query strings and path parameters are text by nature and may be coerced.
function createAjv(options: Options): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    removeAdditional: false,
    useDefaults: true,
    strict: false,
    ...options,
  })
  addFormats.default(ajv)
  return ajv
}

export function installValidators(app: FastifyInstance): void {
  const strictAjv = createAjv({ coerceTypes: false })
  const coercingAjv = createAjv({ coerceTypes: true })
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? strictAjv : coercingAjv).compile(schema),
  )
}
