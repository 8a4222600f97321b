import { inject } from '@adonisjs/core'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import encryption from '@adonisjs/core/services/encryption'
import { authSettings } from '#auth/auth_settings'
import ApiException from '#exceptions/api_exception'
import { AuthErrors } from '#exceptions/auth_errors'
import EmailVerification from '#models/email_verification'
import User from '#models/user'
import SendEmailVerificationCodeJob from '#jobs/send_email_verification_code_job'
import IpBlocklistService, { accountKey } from '#services/auth/ip_blocklist'
import { checkCode, rejectCode, type CodeCheck } from '#services/auth/otp_checks'
import { hashCode, sixDigitCode } from '#services/auth/secrets'
import { forgetCachedUser } from '#services/auth/user_cache'

type VerifyOutcome = CodeCheck | { kind: 'none' }

const { ttlSeconds, maxAttempts } = authSettings.emailVerification
const codeScope = (verificationId: number) => `email-verification:${verificationId}`

/**
 * Email verification: a 6-digit code mailed at sign-up (and when the email
 * changes), valid 24 hours, 5 wrong tries. A new code voids the older ones.
 */
@inject()
export default class EmailVerificationService {
  constructor(protected ipBlocklist: IpBlocklistService) {}

  async send(user: User) {
    if (!user.email) return
    const code = sixDigitCode()
    const verification = await db.transaction(async (trx) => {
      await EmailVerification.query({ client: trx })
        .where('user_id', user.id)
        .withScopes((scopes) => scopes.pending())
        .update({ revokedAt: DateTime.now().toSQL() })
      const created = await EmailVerification.create(
        {
          userId: user.id,
          email: user.email!,
          codeHash: '',
          attempts: 0,
          expiresAt: DateTime.now().plus({ seconds: ttlSeconds }),
        },
        { client: trx }
      )
      created.codeHash = hashCode(codeScope(created.id), code)
      await created.save()
      return created
    })

    await SendEmailVerificationCodeJob.dispatch({
      verificationId: verification.id,
      email: verification.email,
      name: user.displayName ?? user.username,
      code: encryption.encrypt(code, `${ttlSeconds} seconds`, SendEmailVerificationCodeJob.purpose),
      expiresInHours: Math.round(ttlSeconds / 3600),
    })
  }

  async resend(user: User, ip: string) {
    await this.ipBlocklist.assertNotBlocked(ip)
    if (user.emailVerifiedAt) throw ApiException.conflict('The email address is already verified')
    await this.send(user)
  }

  async verify(user: User, code: string, ip: string) {
    await this.ipBlocklist.assertNotBlocked(ip, accountKey.user(user.id))
    if (user.emailVerifiedAt) return

    const outcome = await db.transaction(async (trx): Promise<VerifyOutcome> => {
      const verification = await EmailVerification.query({ client: trx })
        .where('user_id', user.id)
        .where('email', user.email ?? '')
        .withScopes((scopes) => scopes.pending())
        .orderBy('id', 'desc')
        .forUpdate()
        .first()
      if (!verification) return { kind: 'none' }
      const check = checkCode(verification, verification.codeHash, codeScope(verification.id), code, maxAttempts)
      if (check.kind === 'verified') {
        verification.consumedAt = DateTime.now()
        await User.query({ client: trx }).where('id', user.id).update({ emailVerifiedAt: DateTime.now().toSQL() })
      }
      await verification.save()
      return check
    })

    if (outcome.kind === 'none') throw AuthErrors.otpExpired()
    if (outcome.kind !== 'verified') return rejectCode(outcome, ip, accountKey.user(user.id), this.ipBlocklist)
    // Written with the query builder inside the transaction: drop the cached row by hand.
    await forgetCachedUser(user.id)
    await user.refresh()
  }
}
