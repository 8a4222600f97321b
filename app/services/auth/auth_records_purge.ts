import db from '@adonisjs/lucid/services/db'
import { affectedRows } from '#services/database/query_helpers'

/** How long ended sign-ins stay listed (GET /auth/sessions shows revoked ones) and lifted IP blocks stay for the admin panel. */
const HISTORY_DAYS = 30
/** Codes outlive their 10 minutes by a day, for support questions ("I never got a code"). */
const CODE_GRACE_DAYS = 1

export interface AuthPurgeResult {
  refresh_tokens: number
  login_sessions: number
  password_resets: number
  email_verifications: number
  ip_blocks: number
  idempotency_keys: number
}

/**
 * Deletes authentication records nothing can use any more, so the tables
 * do not grow forever: refresh tokens past their expiry (an expired one is
 * refused whether or not it was rotated, so reuse detection does not need
 * it), sign-ins that ended or expired more than HISTORY_DAYS ago, used or
 * expired codes, IP blocks lifted long ago, and Idempotency-Key records
 * past their 24 hours.
 */
export async function purgeExpiredAuthRecords(now = new Date()): Promise<AuthPurgeResult> {
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000)
  const history = daysAgo(HISTORY_DAYS)
  const codes = daysAgo(CODE_GRACE_DAYS)
  return db.transaction(async (trx) => ({
    refresh_tokens: affectedRows(await trx.from('refresh_tokens').where('expires_at', '<', now).delete()),
    login_sessions: affectedRows(
      await trx
        .from('login_sessions')
        .where((query) => query.where('expires_at', '<', history).orWhere('revoked_at', '<', history))
        .delete()
    ),
    password_resets: affectedRows(await trx.from('password_resets').where('expires_at', '<', codes).delete()),
    email_verifications: affectedRows(await trx.from('email_verifications').where('expires_at', '<', codes).delete()),
    ip_blocks: affectedRows(await trx.from('ip_blocks').where('blocked_until', '<', history).delete()),
    // Idempotency-Key records past their 24 hours (lookups already ignore them).
    idempotency_keys: affectedRows(await trx.from('idempotency_keys').where('expires_at', '<=', now).delete()),
  }))
}
