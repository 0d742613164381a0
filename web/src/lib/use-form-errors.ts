import { useState } from 'react'
import { firstInvalidField, submitErrors, type FieldErrors } from './forms'

/**
 * A form's error state: messages per field and one for the form, with the first invalid field
 * (in form order) focused after a failed submit so keyboard and screen-reader users land on it.
 */
export function useFormErrors<F extends string>(order: readonly F[], focus: (field: F) => void) {
  const [errors, setErrors] = useState<FieldErrors<F>>({})
  const [formError, setFormError] = useState<string | null>(null)

  function fail(found: FieldErrors<F>, form: string | null = null) {
    setErrors(found)
    setFormError(form)
    const field = firstInvalidField(found, order)
    if (field) focus(field)
  }

  return {
    errors,
    formError,
    fail,
    /** Shows a refusal from the server next to its field, or above the form. */
    failWith(error: unknown) {
      const { fields, form } = submitErrors(error, order)
      fail(fields, form)
    },
    clear() {
      setErrors({})
      setFormError(null)
    },
  }
}
