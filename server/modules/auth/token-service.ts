import { errors, jwtVerify, SignJWT } from 'jose'
import { randomUUID, webcrypto } from 'node:crypto'
import { TOKEN_LIFETIME_SECONDS } from '../../../contract/limits.js'

export interface TokenClaims {
  userId: string
  email: string
  /** The user's token_version when the token was issued; a bump revokes it. */
  version: number
}

export interface IssuedToken {
  token: string
  expiresIn: number
  expiresAt: Date
}

export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason)
    this.name = 'InvalidTokenError'
  }
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
// Real tokens are a few hundred bytes; refusing huge ones avoids decoding attacker-sized input.
const MAX_TOKEN_LENGTH = 4096

export interface TokenService {
  issue(claims: TokenClaims): Promise<IssuedToken>
  /** Resolves with the claims of a valid token; rejects with InvalidTokenError otherwise. */
  verify(token: string): Promise<TokenClaims>
}

// A promise, so creating the service stays synchronous; awaiting a settled promise costs nothing.
function importHmacKey(secret: string): Promise<webcrypto.CryptoKey> {
  const key = webcrypto.subtle.importKey(
    'raw',
    Buffer.from(secret, 'utf8'),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  )
  // A failed import surfaces where the key is awaited, not as an unhandled rejection at start-up.
  key.catch(() => {})
  return key
}

export function createTokenService(options: {
  secret: string
  previousSecret?: string | undefined
  lifetimeSeconds?: number
}): TokenService {
  // Imported once as WebCrypto keys: jose 6 turns raw bytes, and even a node KeyObject, into a
  // CryptoKey on every call, which doubled the cost of verifying a token on each request.
  const signingKey = importHmacKey(options.secret)
  const verificationKeys = [signingKey]
  if (options.previousSecret) {
    // Rotation: tokens signed with the previous secret stay valid until they expire.
    verificationKeys.push(importHmacKey(options.previousSecret))
  }
  const lifetime = options.lifetimeSeconds ?? TOKEN_LIFETIME_SECONDS

  return {
    async issue({ userId, email, version }) {
      const issuedAt = Math.floor(Date.now() / 1000)
      const expiresAtSeconds = issuedAt + lifetime
      const token = await new SignJWT({ email, ver: version })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(userId)
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAtSeconds)
        .setJti(randomUUID())
        .sign(await signingKey)
      return { token, expiresIn: lifetime, expiresAt: new Date(expiresAtSeconds * 1000) }
    },

    async verify(token) {
      if (token.length > MAX_TOKEN_LENGTH || token.split('.').length !== 3) {
        throw new InvalidTokenError('malformed token')
      }
      for (const [index, key] of verificationKeys.entries()) {
        try {
          const { payload } = await jwtVerify(token, await key, {
            // Pinned: "none", RS256 with the secret as a public key, and every other algorithm are refused.
            algorithms: ['HS256'],
            requiredClaims: ['sub', 'iat', 'exp'],
          })
          const { sub, email, ver } = payload
          if (typeof sub !== 'string' || !UUID_PATTERN.test(sub)) {
            throw new InvalidTokenError('subject is not a user id')
          }
          if (typeof email !== 'string' || !Number.isInteger(ver)) {
            throw new InvalidTokenError('claims are incomplete')
          }
          return { userId: sub.toLowerCase(), email, version: ver as number }
        } catch (error) {
          const isLastKey = index === verificationKeys.length - 1
          // Only a signature mismatch is worth retrying with the previous key.
          if (error instanceof errors.JWSSignatureVerificationFailed && !isLastKey) continue
          if (error instanceof InvalidTokenError) throw error
          if (error instanceof errors.JOSEError) throw new InvalidTokenError(error.code)
          throw new InvalidTokenError('malformed token')
        }
      }
      throw new InvalidTokenError('signature mismatch')
    },
  }
}
