// Keyset pagination cursor: the (created_at, id) of the last row of a page, opaque to clients.
// Keyset rather than OFFSET, so page 50 costs what page 1 costs and concurrent inserts never
// shift rows between pages.
export interface TaskCursor {
  createdAt: Date
  id: string
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/
// 9999-12-31T23:59:59.999Z. Later dates need a six-digit year, which PostgreSQL refuses with an
// error; no row of ours is that old or that new, so such a cursor is simply not one of ours.
const LATEST_MILLIS = 253_402_300_799_999

export function encodeCursor({ createdAt, id }: TaskCursor): string {
  return Buffer.from(`${createdAt.getTime()}:${id}`, 'utf8').toString('base64url')
}

/** Returns undefined for anything that is not a cursor this service produced. */
export function decodeCursor(cursor: string): TaskCursor | undefined {
  const [millis, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split(':')
  if (
    rest.length > 0 ||
    !millis ||
    !/^\d{1,15}$/.test(millis) ||
    Number(millis) > LATEST_MILLIS ||
    !id ||
    !UUID.test(id)
  ) {
    return undefined
  }
  return { createdAt: new Date(Number(millis)), id }
}
