import bcrypt from 'bcrypt'
import { localSlots, type Slots } from '../../lib/shared-semaphore.js'

export interface PasswordHasher {
  hash(password: string): Promise<string>
  /** Constant work whether or not the user exists: pass null to compare against a dummy hash. */
  verify(password: string, hash: string | null): Promise<boolean>
  /** True when a stored hash is weaker than the configured cost, so it should be replaced. */
  needsRehash(hash: string): boolean
}

// bcrypt's own variants ($2a$, $2b$, $2y$) hash identically for passwords under 72 bytes; the
// native library only accepts $2a$/$2b$ and returns false for $2y$ (PHP, passlib on some setups).
function normalizeBcryptPrefix(hash: string): string {
  return hash.startsWith('$2y$') ? `$2b$${hash.slice(4)}` : hash
}

export function createPasswordHasher(options: {
  rounds: number
  concurrency: number
  /** Slots shared with other processes (cluster workers); default: this process's own. */
  slots?: Slots | undefined
}): PasswordHasher {
  // The native bcrypt runs on libuv's thread pool, off the event loop. Bounding concurrent hashes
  // keeps a login flood from taking every core (and the pool threads file I/O needs).
  const slots = options.slots ?? localSlots(options.concurrency)
  // Hashed in the background: start-up does not wait the ~0.2 s it takes at cost 12. A login for
  // an unknown email arriving sooner waits for it, so its timing still matches a real check.
  const dummyHash = bcrypt.hash('dummy password for unknown accounts', options.rounds)
  // Awaited where it is used; this only keeps a failure from crashing the process before then.
  dummyHash.catch(() => {})

  return {
    hash: (password) => slots.run(() => bcrypt.hash(password, options.rounds)),
    async verify(password, hash) {
      const target = hash === null ? await dummyHash : normalizeBcryptPrefix(hash)
      const matches = await slots.run(() => bcrypt.compare(password, target).catch(() => false))
      return hash !== null && matches
    },
    needsRehash(hash) {
      try {
        return (
          !hash.startsWith('$2b$') || bcrypt.getRounds(normalizeBcryptPrefix(hash)) < options.rounds
        )
      } catch {
        return true
      }
    },
  }
}
