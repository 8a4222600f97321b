import { inject } from '@adonisjs/core'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import encryption from '@adonisjs/core/services/encryption'
import logger from '@adonisjs/core/services/logger'
import { authSettings } from '#auth/auth_settings'
import ApiException from '#exceptions/api_exception'
import { AuthErrors } from '#exceptions/auth_errors'
import PasswordReset from '#models/password_reset'
import User from '#models/user'
import SendPasswordResetCodeJob from '#jobs/send_password_reset_code_job'
import IpBlocklistService, { accountKey } from '#services/auth/ip_blocklist'
import LoginSessionService from '#services/auth/login_sessions'
import { checkCode, rejectCode, type CodeCheck } from '#services/auth/otp_checks'
import { hashCode, randomToken, sha256, sixDigitCode } from '#services/auth/secrets'
import { forgetCachedUser } from '#services/auth/user_cache'
import AuthTransformer from '#transformers/auth_transformer'

type VerifyOutcome = CodeCheck | { kind: 'unknown' | 'wrong_ip' }

type ResetOutcome =
  | { kind: 'done'; revokedSessionIds: number[]; userId: number }
  | { kind: 'unknown' | 'wrong_ip' | 'not_verified' | 'expired' }

const { ttlSeconds, maxAttempts } = authSettings.passwordReset
/** The code is bound to its reset: the same six digits mean nothing elsewhere. */
const codeScope = (tokenHash: string) => `password-reset:${tokenHash}`

/**
 * Forgot → verify → reset. A 6-digit code is mailed (queued job); the
 * request is bound to the caller's IP, expires after 10 minutes and allows
 * 5 wrong codes. An unknown email gets an equally real-looking reset whose
 * code nobody knows, so responses never reveal whether an account exists.
 */
@inject()
export default class PasswordResetService {
  constructor(
    protected loginSessions: LoginSessionService,
    protected ipBlocklist: IpBlocklistService
  ) {}

  async forgot(email: string, ip: string): Promise<{ reset_token: string; expires_in: number }> {
    await this.ipBlocklist.assertNotBlocked(ip)
    const user = await User.query().where('email', email).where('is_placeholder', false).first()
    await this.ipBlocklist.assertNotBlocked(ip, user ? accountKey.user(user.id) : accountKey.login(email))

    const token = randomToken()
    const tokenHash = sha256(token)
    const code = sixDigitCode()
    const reset = await PasswordReset.create({
      userId: user?.id ?? null,
      tokenHash,
      // Unknown email: the hash of a random string no 6-digit code can match.
      otpHash: hashCode(codeScope(tokenHash), user ? code : randomToken()),
      ipAddress: ip,
      attempts: 0,
      expiresAt: DateTime.now().plus({ seconds: ttlSeconds }),
    })

    if (user?.email) {
      await SendPasswordResetCodeJob.dispatch({
        resetId: reset.id,
        email: user.email,
        name: user.displayName ?? user.username,
        code: encryption.encrypt(code, `${ttlSeconds} seconds`, SendPasswordResetCodeJob.purpose),
        expiresInMinutes: Math.round(ttlSeconds / 60),
      })
    }
    return AuthTransformer.resetStarted(token, ttlSeconds)
  }

  async verify(token: string, code: string, ip: string) {
    const tokenHash = sha256(token)
    const account = await this.#accountOf(tokenHash)
    await this.ipBlocklist.assertNotBlocked(ip, account)

    const outcome = await db.transaction(async (trx): Promise<VerifyOutcome> => {
      const reset = await PasswordReset.query({ client: trx }).where('token_hash', tokenHash).forUpdate().first()
      if (!reset || reset.usedAt || reset.revokedAt) return { kind: 'unknown' }
      if (reset.ipAddress !== ip) return { kind: 'wrong_ip' }
      if (reset.verifiedAt) return { kind: 'verified' }
      const check = checkCode(reset, reset.otpHash, codeScope(tokenHash), code, maxAttempts)
      if (check.kind === 'verified') {
        reset.verifiedAt = DateTime.now()
        // The reset itself must follow within the same window.
        reset.expiresAt = DateTime.now().plus({ seconds: ttlSeconds })
      }
      await reset.save()
      return check
    })

    switch (outcome.kind) {
      case 'verified':
        return AuthTransformer.resetVerified(ttlSeconds)
      case 'wrong_ip':
        await this.ipBlocklist.recordFailure(ip, 'otp', account)
        throw this.#wrongIp()
      case 'unknown':
        throw this.#unknownToken()
      default:
        return rejectCode(outcome, ip, account, this.ipBlocklist)
    }
  }

  /** Sets the new password, then ends every session and every other pending reset. */
  async reset(token: string, newPassword: string, ip: string) {
    const account = await this.#accountOf(sha256(token))
    await this.ipBlocklist.assertNotBlocked(ip, account)

    const outcome = await db.transaction(async (trx): Promise<ResetOutcome> => {
      const reset = await PasswordReset.query({ client: trx })
        .where('token_hash', sha256(token))
        .forUpdate()
        .first()
      if (!reset || reset.usedAt || reset.revokedAt) return { kind: 'unknown' }
      if (reset.ipAddress !== ip) return { kind: 'wrong_ip' }
      if (!reset.verifiedAt || !reset.userId) return { kind: 'not_verified' }
      if (reset.expiresAt <= DateTime.now()) return { kind: 'expired' }

      const user = await User.query({ client: trx }).where('id', reset.userId).forUpdate().first()
      if (!user) return { kind: 'unknown' }
      user.password = newPassword
      // Reading the code from the mailbox proves the address too.
      user.emailVerifiedAt ??= DateTime.now()
      await user.save()

      const now = DateTime.now()
      reset.usedAt = now
      await reset.save()
      await PasswordReset.query({ client: trx })
        .where('user_id', user.id)
        .whereNot('id', reset.id)
        .withScopes((scopes) => scopes.pending())
        .update({ revokedAt: now.toSQL() })
      const revokedSessionIds = await this.loginSessions.revokeAllForUser(trx, user.id, 'password_reset')
      return { kind: 'done', revokedSessionIds, userId: user.id }
    })

    switch (outcome.kind) {
      case 'done':
        await forgetCachedUser(outcome.userId)
        await this.loginSessions.mirrorRevoked(outcome.revokedSessionIds)
        logger.info({ userId: outcome.userId, sessionsRevoked: outcome.revokedSessionIds.length }, 'password reset')
        return { message: 'Your password has been reset; sign in with the new password' }
      case 'wrong_ip':
        await this.ipBlocklist.recordFailure(ip, 'otp', account)
        throw this.#wrongIp()
      case 'not_verified':
        throw AuthErrors.field('reset_token', 'verified', 'Verify the emailed code before resetting the password')
      case 'expired':
        throw AuthErrors.otpExpired()
      case 'unknown':
        throw this.#unknownToken()
    }
  }

  /** The account a reset is for (a reset for an unknown email counts as its own), null for no reset. */
  async #accountOf(tokenHash: string): Promise<string | null> {
    const reset = await PasswordReset.query().where('token_hash', tokenHash).select('id', 'user_id').first()
    if (!reset) return null
    return reset.userId ? accountKey.user(reset.userId) : `reset:${reset.id}`
  }

  #unknownToken() {
    return AuthErrors.field('reset_token', 'exists', 'This reset token is invalid or has already been used')
  }

  #wrongIp() {
    return new ApiException('This reset must be completed from the network that requested it', {
      status: 403,
      code: 'E_FORBIDDEN',
    })
  }
}
