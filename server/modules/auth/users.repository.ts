import { eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/database.js'
import { users, type UserRow } from '../../db/schema.js'
import { hasSqlState, UNIQUE_VIOLATION } from '../../lib/pg-errors.js'

/** What authentication needs of a user: never the password hash. */
export type AccountRow = Pick<UserRow, 'id' | 'email' | 'tokenVersion' | 'createdAt'>
export type CredentialsRow = AccountRow & Pick<UserRow, 'passwordHash'>

export class EmailTakenError extends Error {
  constructor() {
    super('email taken')
    this.name = 'EmailTakenError'
  }
}

const account = {
  id: users.id,
  email: users.email,
  tokenVersion: users.tokenVersion,
  createdAt: users.createdAt,
}
const credentials = { ...account, passwordHash: users.passwordHash }

// lower(email) matches the unique index, so lookups use it and legacy mixed-case rows still match.
const emailMatches = (email: string) => sql`lower(${users.email}) = ${email}`

export function createUsersRepository(db: Db) {
  // Prepared once: authentication runs this on every request.
  const findAccountById = db
    .select(account)
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare('users_find_account_by_id')

  const withUniqueEmail = async <T>(query: Promise<T>): Promise<T> => {
    try {
      return await query
    } catch (error) {
      // The unique index settles simultaneous signups: one insert wins, the others land here.
      if (hasSqlState(error, UNIQUE_VIOLATION)) throw new EmailTakenError()
      throw error
    }
  }

  return {
    async findAccountById(id: string): Promise<AccountRow | undefined> {
      const [row] = await findAccountById.execute({ id })
      return row
    },

    async findCredentialsByEmail(email: string): Promise<CredentialsRow | undefined> {
      const [row] = await db.select(credentials).from(users).where(emailMatches(email)).limit(1)
      return row
    },

    async findCredentialsById(id: string): Promise<CredentialsRow | undefined> {
      const [row] = await db.select(credentials).from(users).where(eq(users.id, id))
      return row
    },

    /** Throws EmailTakenError when the address is in use, whatever its case. */
    async create(email: string, passwordHash: string): Promise<AccountRow> {
      const [row] = await withUniqueEmail(
        db.insert(users).values({ email, passwordHash }).returning(account),
      )
      return row!
    },

    /** Replaces the hash without touching sessions (a transparent cost upgrade at login). */
    async replaceHash(id: string, expectedHash: string, passwordHash: string): Promise<void> {
      await db
        .update(users)
        .set({ passwordHash })
        .where(sql`${users.id} = ${id} and ${users.passwordHash} = ${expectedHash}`)
    },

    /** New password and a new token version: every earlier token stops working. */
    async changePassword(id: string, passwordHash: string): Promise<AccountRow | undefined> {
      const [row] = await db
        .update(users)
        .set({ passwordHash, tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: sql`now()` })
        .where(eq(users.id, id))
        .returning(account)
      return row
    },

    async revokeTokens(id: string): Promise<AccountRow | undefined> {
      const [row] = await db
        .update(users)
        .set({ tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: sql`now()` })
        .where(eq(users.id, id))
        .returning(account)
      return row
    },

    async changeEmail(id: string, email: string): Promise<AccountRow | undefined> {
      const [row] = await withUniqueEmail(
        db
          .update(users)
          .set({ email, updatedAt: sql`now()` })
          .where(eq(users.id, id))
          .returning(account),
      )
      return row
    },

    /** Tasks go with the user (ON DELETE CASCADE). */
    async delete(id: string): Promise<boolean> {
      const rows = await db.delete(users).where(eq(users.id, id)).returning({ id: users.id })
      return rows.length > 0
    },
  }
}

export type UsersRepository = ReturnType<typeof createUsersRepository>
