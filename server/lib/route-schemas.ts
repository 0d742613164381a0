import { Problem } from '../../contract/problem.js'

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503

/** Declares the problem+json answers a route can give, for the OpenAPI document and the serializer. */
export function problems<S extends ErrorStatus>(...statuses: S[]): Record<S, typeof Problem> {
  return Object.fromEntries(statuses.map((status) => [status, Problem])) as Record<
    S,
    typeof Problem
  >
}

/** 204 has no body; declaring it keeps the OpenAPI document honest. */
export const NoContent = { type: 'null', description: 'No content' } as const

/** Private routes accept any one of these (OpenAPI lists alternatives as separate entries). */
export const bearerAuth: Array<Record<string, string[]>> = [
  { bearerAuth: [] },
  { sessionCookie: [] },
  { oauth2Password: [] },
]
