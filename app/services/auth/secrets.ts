import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  randomInt,
  timingSafeEqual,
} from 'node:crypto'
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

/** AES-256-GCM key for `sealFor`/`openWith`: APP_KEY and the holder's secret, both needed. */
function sealingKey(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', appKey, secret, `marquee-seal:${purpose}`, 32))
}

/**
 * Encrypts `plaintext` so that only someone holding `secret` (e.g. the old
 * refresh token, which is never stored) and the server's key can read it:
 * the database alone reveals nothing. Output: base64url(iv | tag | data).
 */
export function sealFor(secret: string, purpose: string, plaintext: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', sealingKey(secret, purpose), iv)
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64url')
}

/** The plaintext of `sealFor`, or null when `secret` is not the one it was sealed for. */
export function openWith(secret: string, purpose: string, sealed: string): string | null {
  try {
    const bytes = Buffer.from(sealed, 'base64url')
    const decipher = createDecipheriv('aes-256-gcm', sealingKey(secret, purpose), bytes.subarray(0, 12))
    decipher.setAuthTag(bytes.subarray(12, 28))
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}
