// Drizzle wraps driver errors; the PostgreSQL SQLSTATE sits somewhere down the cause chain.
export function hasSqlState(error: unknown, code: string): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current === 'object' && 'code' in current && current.code === code) return true
    current = (current as { cause?: unknown }).cause
  }
  return false
}

export const UNIQUE_VIOLATION = '23505'
