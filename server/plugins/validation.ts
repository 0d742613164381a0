import { Ajv, type Options } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { invalidField } from './errors.js'

// ajv-formats' uuid also accepts a "urn:uuid:" prefix, which PostgreSQL's uuid type refuses with an
// error; only the canonical form may reach a query.
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

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
  ajv.addFormat('uuid', CANONICAL_UUID)
  return ajv
}

interface TextProblem {
  field: string
  message: string
}

interface Visit {
  value: unknown
  key: string | undefined
  parent: Visit | undefined
}

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * PostgreSQL text cannot hold U+0000 (the query fails), and an unpaired UTF-16 surrogate has no
 * UTF-8 form (the driver would store U+FFFD, silently changing what the user sent). Keys count
 * too: they end up in error messages and logs. Input has passed its schema by now, so it is
 * shallow; the walk still keeps its own stack rather than trusting that.
 */
function findUnstorableText(root: unknown): TextProblem | undefined {
  const pending: Visit[] = [{ value: root, key: undefined, parent: undefined }]
  while (pending.length > 0) {
    const visit = pending.pop()!
    const { value } = visit
    if (typeof value === 'string') {
      const message = describeUnstorable(value)
      if (message) return { field: pathOf(visit), message }
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const node = { value: child, key, parent: visit }
        const message = describeUnstorable(key)
        if (message) return { field: pathOf(node), message: `name ${message}` }
        pending.push(node)
      }
    }
  }
  return undefined
}

function pathOf(visit: Visit): string {
  const keys: string[] = []
  for (let node: Visit | undefined = visit; node?.key !== undefined; node = node.parent) {
    keys.unshift(node.key)
  }
  return keys.join('.')
}

function describeUnstorable(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL (U+0000) characters'
  if (UNPAIRED_SURROGATE.test(text)) {
    return 'must be valid Unicode text (it contains an unpaired surrogate)'
  }
  return undefined
}

async function refuseUnstorableText(request: FastifyRequest): Promise<void> {
  const schema = request.routeOptions.schema
  if (!schema) return
  for (const [location, declared, value] of [
    ['body', schema.body, request.body],
    ['query', schema.querystring, request.query],
    ['params', schema.params, request.params],
  ] as const) {
    // Parts a route does not declare are never read, so whatever they hold cannot do harm.
    if (!declared) continue
    const problem = findUnstorableText(value)
    if (problem) throw invalidField(problem.field || location, problem.message, location)
  }
}

export function installValidators(app: FastifyInstance): void {
  const strictAjv = createAjv({ coerceTypes: false })
  const coercingAjv = createAjv({ coerceTypes: true })
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? strictAjv : coercingAjv).compile(schema),
  )
  // After schema validation (unknown or mistyped fields get their usual 422 first); a hook on the
  // root instance runs for every route, including ones registered later.
  app.addHook('preHandler', refuseUnstorableText)
}
