import { DateTime } from 'luxon'
import { AuthErrors } from '#exceptions/auth_errors'
import type IpBlocklistService from '#services/auth/ip_blocklist'
import { hashCode, safeEqual } from '#services/auth/secrets'

/** What checking a 6-digit code against its stored record found. */
export type CodeCheck = { kind: 'verified' } | { kind: 'invalid'; attemptsLeft: number } | { kind: 'locked' | 'expired' }

interface CodeRecord {
  attempts: number
  expiresAt: DateTime
}

/**
 * The rules every emailed code shares (password resets, email verification):
 * at most `maxAttempts` wrong tries, then locked; expired after its time;
 * compared in constant time against the keyed hash stored for `scope`. A
 * wrong code counts a try on `record` (the caller holds it FOR UPDATE and saves it).
 */
export function checkCode(record: CodeRecord, storedHash: string, scope: string, code: string, maxAttempts: number): CodeCheck {
  if (record.attempts >= maxAttempts) return { kind: 'locked' }
  if (record.expiresAt <= DateTime.now()) return { kind: 'expired' }
  if (safeEqual(storedHash, hashCode(scope, code))) return { kind: 'verified' }
  record.attempts += 1
  return { kind: 'invalid', attemptsLeft: maxAttempts - record.attempts }
}

/**
 * The contract's error for a failed check (422 E_OTP_INVALID with
 * attempts_left, 403 E_OTP_LOCKED, 422 E_OTP_EXPIRED). Wrong and locked
 * tries count toward the sign-in lockout of `account` from `ip` (and of the IP).
 */
export async function rejectCode(
  check: Exclude<CodeCheck, { kind: 'verified' }>,
  ip: string,
  account: string | null,
  ipBlocklist: IpBlocklistService
): Promise<never> {
  switch (check.kind) {
    case 'invalid':
      await ipBlocklist.recordFailure(ip, 'otp', account)
      throw AuthErrors.otpInvalid(check.attemptsLeft)
    case 'locked':
      await ipBlocklist.recordFailure(ip, 'otp', account)
      throw AuthErrors.otpLocked()
    case 'expired':
      throw AuthErrors.otpExpired()
  }
}
