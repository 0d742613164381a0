import { ApiError, errorMessage } from './api/errors'

export type FieldErrors<F extends string> = Partial<Record<F, string>>

export interface SubmitErrors<F extends string> {
  fields: FieldErrors<F>
  /** A message about the form as a whole, or a field error this form has no field for. */
  form: string | null
}

/**
 * Splits a refusal into messages for the fields the form shows and one for the rest, so a
 * server message is never lost because the form has no place for it.
 */
export function submitErrors<F extends string>(
  error: unknown,
  fields: readonly F[],
): SubmitErrors<F> {
  if (!(error instanceof ApiError)) return { fields: {}, form: errorMessage(error) }
  const result: FieldErrors<F> = {}
  let shownOnField = false
  for (const [field, message] of Object.entries(error.fieldErrors)) {
    if ((fields as readonly string[]).includes(field)) {
      result[field as F] = message
      shownOnField = true
    }
  }
  return { fields: result, form: shownOnField ? null : error.message }
}

/** The field to focus after a failed submit: the first one, in form order, that has an error. */
export function firstInvalidField<F extends string>(
  errors: FieldErrors<F>,
  order: readonly F[],
): F | undefined {
  return order.find((field) => errors[field] !== undefined)
}
