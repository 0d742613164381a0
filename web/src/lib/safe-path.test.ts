import { expect, test } from 'vitest'
import { safeNextPath } from './safe-path'

test('returns to pages of this app, with their query', () => {
  expect(safeNextPath('/settings')).toBe('/settings')
  expect(safeNextPath('/?filter=active&q=milk')).toBe('/?filter=active&q=milk')
})

test('refuses anything that would leave the app or loop back to sign-in', () => {
  for (const next of [
    null,
    '',
    'https://evil.example/',
    '//evil.example/path',
    '/\\evil.example',
    'javascript:alert(1)',
    '/signin',
    '/signup?next=/',
  ]) {
    expect(safeNextPath(next), String(next)).toBe('/')
  }
})
