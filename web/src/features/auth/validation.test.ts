import { describe, expect, test } from 'vitest'
import { checkCredentials } from './validation'

describe('checkCredentials', () => {
  test('accepts a well-formed email with surrounding spaces and any case', () => {
    expect(checkCredentials('signup', '  Ada@Example.COM ', 'violet-harbor-tangent-42')).toEqual({})
  })

  test('explains a malformed or missing email with the server’s own sentences', () => {
    expect(checkCredentials('signin', 'ada@example', 'x').email).toBe(
      'Enter a valid email address, like name@example.com.',
    )
    expect(checkCredentials('signin', '   ', 'x').email).toBe('Email is required.')
  })

  test('sign-up counts characters for the minimum and UTF-8 bytes for the maximum', () => {
    expect(checkCredentials('signup', 'a@b.co', 'seven77').password).toMatch(/at least 8/)
    // Eight characters, sixteen bytes: long enough.
    expect(checkCredentials('signup', 'a@b.co', 'éééééééé').password).toBeUndefined()
    expect(checkCredentials('signup', 'a@b.co', 'x'.repeat(72)).password).toBeUndefined()
    // 36 two-byte characters and one more byte: 73 bytes.
    expect(checkCredentials('signup', 'a@b.co', 'é'.repeat(36) + 'x').password).toMatch(
      /at most 72 bytes/,
    )
  })

  test('sign-in only refuses what can never be a password', () => {
    expect(checkCredentials('signin', 'a@b.co', 'short').password).toBeUndefined()
    expect(checkCredentials('signin', 'a@b.co', '').password).toBe('Password is required.')
    expect(checkCredentials('signin', 'a@b.co', 'x'.repeat(73)).password).toMatch(/72 bytes/)
  })
})
