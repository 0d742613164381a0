// Every failed request becomes an ApiError holding a sentence a person can read, so no screen
// ever has to render a raw response body (or "[object Object]").

export interface FieldProblem {
  location: string
  field: string
  message: string
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: Readonly<Record<string, string>> = {},
    readonly requestId?: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }

  /** True for answers that mean "you are not signed in (any more)". */
  get isUnauthorized(): boolean {
    return this.status === 401
  }
}

export const NETWORK_ERROR_MESSAGE = "Can't reach the server. Check your connection and try again."

function fallbackMessage(status: number): string {
  if (status >= 500) return 'Something went wrong on our side. Please try again in a moment.'
  if (status === 429) return 'Too many attempts. Wait a moment and try again.'
  if (status === 404) return 'That item no longer exists.'
  return `The request failed (HTTP ${status}).`
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

/** Builds an ApiError from a problem+json body, or from whatever else a proxy may have sent. */
export function toApiError(status: number, body: unknown): ApiError {
  if (!isRecord(body)) return new ApiError(status, fallbackMessage(status))
  const fieldErrors: Record<string, string> = {}
  if (Array.isArray(body.errors)) {
    for (const entry of body.errors as unknown[]) {
      if (isRecord(entry) && typeof entry.field === 'string' && typeof entry.message === 'string') {
        // The first message per field is the one worth showing; more would crowd the form.
        fieldErrors[entry.field] ??= entry.message
      }
    }
  }
  const detail =
    typeof body.detail === 'string' && body.detail.trim() !== ''
      ? body.detail
      : fallbackMessage(status)
  const requestId = typeof body.request_id === 'string' ? body.request_id : undefined
  return new ApiError(status, detail, fieldErrors, requestId)
}

/** A message for any thrown value, for places that show errors in a toast or banner. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message
  return 'Something unexpected went wrong. Please try again.'
}
