import { sql, type AnyColumn, type SQL } from 'drizzle-orm'

/**
 * Selects a timestamp column as the API writes it (what Date#toISOString gives: UTC, three
 * fraction digits, "Z") without a Date per value. Parsing PostgreSQL's text into a Date and
 * formatting it back cost about 0.6 µs a value, a tenth of a 50-task list request's CPU.
 */
export function isoTimestamp(column: AnyColumn): SQL<string> {
  // Cast to text so every driver (node-postgres, PGlite) hands over the string untouched.
  return sql<string>`(${column} at time zone 'UTC')::text`.mapWith(isoFromUtcText)
}

/**
 * '2025-11-25 07:23:06.12' -> '2025-11-25T07:23:06.120Z'. The input is a UTC timestamp in
 * PostgreSQL's ISO DateStyle (its default, which node-postgres's own date parsing also assumes),
 * with trailing fraction zeros dropped; our columns keep milliseconds, so at most three digits.
 */
export function isoFromUtcText(text: string): string {
  const fraction = text.length > 20 ? text.slice(20, 23).padEnd(3, '0') : '000'
  return `${text.slice(0, 10)}T${text.slice(11, 19)}.${fraction}Z`
}
