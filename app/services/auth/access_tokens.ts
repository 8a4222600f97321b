import { SignJWT, errors as joseErrors, jwtVerify } from 'jose'
import { authSettings } from '#auth/auth_settings'
import { deriveKey } from '#services/auth/secrets'

export interface AccessClaims {
  userId: number
  sessionId: number
  issuedAt: number
  expiresAt: number
}

export class AccessTokenExpired extends Error {}
export class AccessTokenInvalid extends Error {}

const ALGORITHM = 'HS256'
/** Imported once: jose re-imports a raw key on every call, which costs more than the HMAC. */
const key = await crypto.subtle.importKey(
  'raw',
  deriveKey('jwt-access-hs256'),
  { name: 'HMAC', hash: 'SHA-256' },
  false,
  ['sign', 'verify']
)

/**
 * Tokens whose signature already checked out, with their claims. A token's
 * bytes never become valid or invalid except by expiry, so a repeat request
 * skips the HMAC; revocation is checked per request elsewhere (session state).
 */
const VERIFIED_LIMIT = 10_000
const verified = new Map<string, AccessClaims>()

function remember(token: string, claims: AccessClaims) {
  if (verified.size >= VERIFIED_LIMIT) {
    // Maps iterate in insertion order: drop the oldest tenth.
    let drop = VERIFIED_LIMIT / 10
    for (const key of verified.keys()) {
      verified.delete(key)
      if (--drop <= 0) break
    }
  }
  verified.set(token, claims)
}

/**
 * Short-lived access tokens: HS256 JWTs with `sub` (user id), `sid` (login
 * session id), `type: "access"`, `iat` and `exp`. Only HS256 is accepted, so
 * `alg: none` and algorithm-confusion tokens fail signature checks.
 */
export const accessTokens = {
  ttlSeconds: authSettings.accessTokenTtl,

  /** `now` (ms) exists so tests can mint already-expired tokens. */
  async issue(userId: number, sessionId: number, now = Date.now()) {
    const issuedAt = Math.floor(now / 1000)
    const expiresAt = issuedAt + authSettings.accessTokenTtl
    const token = await new SignJWT({ sid: sessionId, type: 'access' })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(String(userId))
      .setIssuer(authSettings.issuer)
      .setAudience(authSettings.audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(key)
    return { token, expiresIn: authSettings.accessTokenTtl }
  },

  async verify(token: string): Promise<AccessClaims> {
    const known = verified.get(token)
    if (known) {
      if (known.expiresAt + 5 > Date.now() / 1000) return known
      verified.delete(token)
      throw new AccessTokenExpired('expired')
    }
    let payload
    try {
      ;({ payload } = await jwtVerify(token, key, {
        algorithms: [ALGORITHM],
        issuer: authSettings.issuer,
        audience: authSettings.audience,
        requiredClaims: ['sub', 'sid', 'iat', 'exp'],
        clockTolerance: 5,
      }))
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new AccessTokenExpired('expired')
      throw new AccessTokenInvalid((error as Error).message)
    }
    const userId = Number(payload.sub)
    const sessionId = payload.sid
    if (
      payload.type !== 'access' ||
      !Number.isSafeInteger(userId) ||
      userId <= 0 ||
      typeof sessionId !== 'number' ||
      !Number.isSafeInteger(sessionId)
    ) {
      throw new AccessTokenInvalid('malformed claims')
    }
    const claims = { userId, sessionId, issuedAt: payload.iat!, expiresAt: payload.exp! }
    remember(token, claims)
    return claims
  },
}
