import { describe, expect, test } from 'vitest'
import { ApiError, errorMessage, toApiError } from './errors'

describe('toApiError', () => {
  test('keeps the readable detail and one message per field from a problem document', () => {
    const error = toApiError(422, {
      type: 'about:blank',
      title: 'Unprocessable Content',
      status: 422,
      detail: 'password: Password must be at least 8 characters long.',
      request_id: 'abc-123',
      errors: [
        {
          location: 'body',
          field: 'password',
          message: 'Password must be at least 8 characters long.',
        },
        { location: 'body', field: 'password', message: 'A second, less useful message.' },
        { location: 'body', field: 'email', message: 'Email is required.' },
      ],
    })
    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(422)
    expect(error.message).toBe('password: Password must be at least 8 characters long.')
    expect(error.fieldErrors).toEqual({
      password: 'Password must be at least 8 characters long.',
      email: 'Email is required.',
    })
    expect(error.requestId).toBe('abc-123')
  })

  test('never lets a body that is not a problem document reach the screen', () => {
    expect(toApiError(502, '<html>Bad gateway</html>').message).toBe(
      'Something went wrong on our side. Please try again in a moment.',
    )
    expect(toApiError(429, undefined).message).toMatch(/Too many attempts/)
    expect(toApiError(400, { detail: { nested: true } }).message).toBe(
      'The request failed (HTTP 400).',
    )
    expect(toApiError(400, { errors: 'nonsense' }).fieldErrors).toEqual({})
  })

  test('marks 401 as the end of the session', () => {
    expect(
      toApiError(401, { detail: 'The token is invalid or has expired; sign in again.' }),
    ).toHaveProperty('isUnauthorized', true)
    expect(toApiError(403, {})).toHaveProperty('isUnauthorized', false)
  })
})

describe('errorMessage', () => {
  test('is a sentence for anything thrown, never [object Object]', () => {
    expect(errorMessage(new ApiError(404, 'Task not found.'))).toBe('Task not found.')
    expect(errorMessage({ some: 'object' })).toBe(
      'Something unexpected went wrong. Please try again.',
    )
  })
})
