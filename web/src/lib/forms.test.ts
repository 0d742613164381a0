import { describe, expect, test } from 'vitest'
import { ApiError } from './api/errors'
import { firstInvalidField, submitErrors } from './forms'

describe('submitErrors', () => {
  test('puts field messages on the fields the form has', () => {
    const error = new ApiError(422, 'current_password: The current password is incorrect.', {
      current_password: 'The current password is incorrect.',
    })
    expect(submitErrors(error, ['current_password', 'new_password'])).toEqual({
      fields: { current_password: 'The current password is incorrect.' },
      form: null,
    })
  })

  test('shows the detail for the whole form when no field of the form is named', () => {
    const conflict = new ApiError(
      409,
      'An account with this email already exists. Sign in instead.',
    )
    expect(submitErrors(conflict, ['email', 'password'])).toEqual({
      fields: {},
      form: 'An account with this email already exists. Sign in instead.',
    })
    const otherField = new ApiError(422, 'body: must be object', { body: 'must be object' })
    expect(submitErrors(otherField, ['email', 'password']).form).toBe('body: must be object')
  })

  test('explains errors that are not API answers too', () => {
    expect(submitErrors(new TypeError('boom'), ['email']).form).toMatch(/unexpected/)
  })
})

test('firstInvalidField follows the form order, not the order of the messages', () => {
  expect(firstInvalidField({ password: 'x', email: 'y' }, ['email', 'password'])).toBe('email')
  expect(firstInvalidField({}, ['email', 'password'])).toBeUndefined()
})
