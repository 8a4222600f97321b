import { createHash, createHmac, hkdfSync, randomBytes, randomInt, timingSafeEqual } from 'node:crypto'
import env from '#start/env'

/**
 * Small crypto helpers of the auth services. Every key is derived from
 * APP_KEY with HKDF and a purpose label, so one secret never serves two uses.
 */
const appKey = env.get('APP_KEY').release()

export function deriveKey(purpose: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', appKey, 'marquee-auth', purpose, 32))
}

/** Opaque token for refresh tokens, reset tokens and CSRF tokens (256 bits). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

/** Six random digits, leading zeros kept. */
export function sixDigitCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0')
}

/** Lookup hash of a high-entropy token (refresh and reset tokens). */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}

const codeKey = deriveKey('one-time-codes')

/**
 * Keyed hash of a short code. A plain sha256 of six digits falls to a
 * million guesses; without the key a leaked table reveals nothing.
 */
export function hashCode(scope: string, code: string): string {
  return createHmac('sha256', codeKey).update(`${scope}:${code}`).digest('hex')
}

/**
 * Constant-time string comparison. Both sides are hashed first so that
 * inputs of different lengths take the same path.
 */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest()
  const right = createHash('sha256').update(b).digest()
  return timingSafeEqual(left, right) && a.length === b.length
}
