import assert from 'node:assert/strict'
import { test } from 'node:test'
import fc from 'fast-check'
import { isoFromUtcText } from './iso-timestamp.js'

// PostgreSQL's text for a UTC timestamp(3): the fraction loses trailing zeros, or disappears.
function postgresText(date: Date): string {
  const [day, time] = date.toISOString().slice(0, -1).split('T') as [string, string]
  return `${day} ${time.replace(/\.?0+$/, '')}`
}

test('writes exactly what Date#toISOString writes, whatever the milliseconds', () => {
  for (const text of ['2025-11-25 07:23:06', '2025-11-25 07:23:06.1', '2025-11-25 07:23:06.12']) {
    assert.equal(isoFromUtcText(text), new Date(`${text}Z`).toISOString())
  }
  fc.assert(
    fc.property(
      fc.date({ min: new Date('1970-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }),
      (date) => isoFromUtcText(postgresText(date)) === date.toISOString(),
    ),
  )
})
