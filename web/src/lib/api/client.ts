import createClient, { type Middleware } from 'openapi-fetch'
import { ApiError, NETWORK_ERROR_MESSAGE, toApiError } from './errors'
import type { paths } from './schema'

// Same origin as the page: the browser attaches the HttpOnly session cookie and an Origin header
// by itself, and no script ever sees the token.
export const api = createClient<paths>({ baseUrl: '' })

export type UnauthorizedReason = 'missing' | 'invalid'
type UnauthorizedListener = (reason: UnauthorizedReason) => void

const listeners = new Set<UnauthorizedListener>()

/** Called on any 401 outside sign-in itself: the session is over, whatever screen asked. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

// A wrong password at sign-in is also a 401, but it means "try again", not "your session ended".
const SIGN_IN_PATHS = new Set(['/api/v1/auth/session', '/api/v1/auth/login'])

const sessionWatcher: Middleware = {
  onResponse({ response, schemaPath }) {
    if (response.status !== 401 || SIGN_IN_PATHS.has(schemaPath)) return
    // error="invalid_token" means a token was sent but is expired, revoked or corrupted.
    const challenge = response.headers.get('www-authenticate') ?? ''
    const reason: UnauthorizedReason = challenge.includes('invalid_token') ? 'invalid' : 'missing'
    for (const listener of listeners) listener(reason)
  },
}
api.use(sessionWatcher)

interface ClientResult<D> {
  data?: D
  error?: unknown
  response: Response
}

/** Resolves with the body of a successful answer; rejects with an ApiError otherwise. */
export async function unwrap<D>(request: Promise<ClientResult<D>>): Promise<D> {
  let result: ClientResult<D>
  try {
    result = await request
  } catch (error) {
    // Aborted queries are TanStack Query's business (a newer request replaced them).
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw new ApiError(0, NETWORK_ERROR_MESSAGE)
  }
  if (!result.response.ok) throw toApiError(result.response.status, result.error)
  return result.data as D
}
