import { randomInt } from 'node:crypto'
import { inject } from '@adonisjs/core'
import { DateTime } from 'luxon'
import { Secret, TOTP } from 'otpauth'
import db from '@adonisjs/lucid/services/db'
import encryption from '@adonisjs/core/services/encryption'
import hash from '@adonisjs/core/services/hash'
import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { authSettings } from '#auth/auth_settings'
import ApiException from '#exceptions/api_exception'
import { AuthErrors } from '#exceptions/auth_errors'
import TwoFactorRecoveryCode from '#models/two_factor_recovery_code'
import User from '#models/user'
import UserTwoFactor from '#models/user_two_factor'
import IpBlocklistService, { accountKey } from '#services/auth/ip_blocklist'
import { invalidateProfileExtras } from '#services/profile/profile_cache'

const settings = authSettings.twoFactor
/** Purpose label of the encrypted secrets: a ciphertext made for anything else never decrypts as one. */
const SECRET_PURPOSE = 'two-factor-secret'
/** Recovery codes: 10 characters without look-alikes (0/o, 1/l/i), shown as `xxxxx-xxxxx` (~50 bits). */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'
const TOTP_CODE = /^\d{6}$/

/** `ABCD-efgh 12` → `abcdefgh12`: recovery codes are compared without case, dashes or spaces. */
export function normalizeRecoveryCode(code: string) {
  return code.replace(/[\s-]/g, '').toLowerCase()
}

function newRecoveryCode() {
  let code = ''
  for (let i = 0; i < 10; i++) code += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]
  return `${code.slice(0, 5)}-${code.slice(5)}`
}

function totpFor(base32: string, label = 'Marquee') {
  return new TOTP({
    issuer: settings.issuer,
    label,
    algorithm: 'SHA1',
    digits: settings.digits,
    period: settings.period,
    secret: Secret.fromBase32(base32),
  })
}

/**
 * The time step `code` belongs to (±`window` steps around now), or null when
 * it is wrong or of a step at or before `lastUsedStep` (a replay).
 */
function matchTotp(base32: string, code: string, lastUsedStep: number | null): number | null {
  const totp = totpFor(base32)
  const timestamp = Date.now()
  const delta = totp.validate({ token: code, timestamp, window: settings.window })
  if (delta === null) return null
  const step = totp.counter({ timestamp }) + delta
  if (lastUsedStep !== null && step <= lastUsedStep) return null
  return step
}

function decryptSecret(ciphertext: string): string {
  const secret = encryption.decrypt<string>(ciphertext, SECRET_PURPOSE)
  // Only a changed APP_KEY (without the old one among the keys) gets here.
  if (!secret) throw new Error('two-factor secret cannot be decrypted')
  return secret
}

/** The 422 of a wrong two-factor code (naming `code`). */
export function wrongTwoFactorCode(message = 'The code is not valid') {
  return AuthErrors.field('code', 'two_factor_code', message)
}

export interface TwoFactorSetup {
  secret: string
  otpauthUrl: string
}

/**
 * Two-factor sign-in with TOTP (RFC 6238: SHA1, 6 digits, 30 s, one step
 * either side) through the `otpauth` library. Setup hands out a secret that
 * enable confirms with a first code; secrets are stored encrypted with the
 * app's encryption service, recovery codes hashed with its hash service.
 * Every accepted code is used up: a TOTP code's time step is remembered (that
 * step and earlier ones never work again), a recovery code is marked used.
 */
@inject()
export default class TwoFactorService {
  constructor(protected ipBlocklist: IpBlocklistService) {}

  async isEnabled(userId: number): Promise<boolean> {
    const row = await UserTwoFactor.query().where('user_id', userId).whereNotNull('enabled_at').select('user_id').first()
    return Boolean(row)
  }

  /** A new pending secret (replacing any earlier pending one); 409 while 2FA is on. */
  async setup(user: User): Promise<TwoFactorSetup> {
    const secret = new Secret({ size: 20 }).base32
    await db.transaction(async (trx) => {
      // The row first (two setups at once must not both insert), then locked.
      await trx.table(UserTwoFactor.table).insert({ user_id: user.id }).onConflict('user_id').ignore()
      const row = (await this.#row(trx, user.id))!
      if (row.isEnabled) throw this.#alreadyEnabled()
      row.pendingSecret = encryption.encrypt(secret, undefined, SECRET_PURPOSE)
      await row.save()
    })
    return { secret, otpauthUrl: totpFor(secret, user.email ?? user.username).toString() }
  }

  /**
   * Confirms the pending secret with a code from the app; returns the ten
   * recovery codes (the only time they are readable). 409 when already on or
   * when no setup is pending, 422 naming `code` for a wrong code.
   */
  async enable(user: User, code: string): Promise<string[]> {
    const codes = Array.from({ length: settings.recoveryCodes }, newRecoveryCode)
    const hashes = await Promise.all(codes.map((plain) => hash.make(normalizeRecoveryCode(plain))))

    await db.transaction(async (trx) => {
      const row = await this.#row(trx, user.id)
      if (row?.isEnabled) throw this.#alreadyEnabled()
      if (!row?.pendingSecret) {
        throw ApiException.conflict('No two-factor setup is pending; start one with POST /auth/2fa/setup')
      }
      const step = TOTP_CODE.test(code) ? matchTotp(decryptSecret(row.pendingSecret), code, row.lastUsedStep) : null
      if (step === null) throw wrongTwoFactorCode()

      await TwoFactorRecoveryCode.query({ client: trx }).where('user_id', user.id).delete()
      await TwoFactorRecoveryCode.createMany(
        hashes.map((codeHash) => ({ userId: user.id, codeHash, usedAt: null })),
        { client: trx }
      )
      row.secret = row.pendingSecret
      row.pendingSecret = null
      row.enabledAt = DateTime.now()
      row.lastUsedStep = step
      await row.save()
    })
    await invalidateProfileExtras(user.id)
    logger.info({ userId: user.id }, 'two-factor sign-in enabled')
    return codes
  }

  /**
   * Turns 2FA off with the password and a code (TOTP or recovery). A wrong
   * password is 401 E_INVALID_CREDENTIALS, a wrong code 422 naming `code`;
   * both count toward the sign-in lockout of this account from `ip`.
   */
  async disable(user: User, password: string, code: string, ip: string) {
    const account = accountKey.user(user.id)
    await this.ipBlocklist.assertNotBlocked(ip, account)
    if (!(await this.isEnabled(user.id))) throw ApiException.conflict('Two-factor sign-in is not enabled')

    const stored = await User.query().where('id', user.id).select('password').first()
    if (!stored?.password || !(await hash.verify(stored.password, password))) {
      await this.ipBlocklist.recordFailure(ip, 'password', account)
      throw AuthErrors.invalidCredentials()
    }

    const disabled = await db.transaction(async (trx) => {
      if (!(await this.consumeCode(trx, user.id, code))) return false
      await TwoFactorRecoveryCode.query({ client: trx }).where('user_id', user.id).delete()
      await UserTwoFactor.query({ client: trx }).where('user_id', user.id).delete()
      return true
    })
    if (!disabled) {
      await this.ipBlocklist.recordFailure(ip, 'otp', account)
      throw wrongTwoFactorCode()
    }
    await invalidateProfileExtras(user.id)
    logger.info({ userId: user.id }, 'two-factor sign-in disabled')
  }

  /**
   * Checks `code` against the user's enabled 2FA and uses it up inside `trx`
   * (the row stays locked until it ends, so two requests cannot both spend
   * one code): a 6-digit TOTP code of a step after the last one used, or an
   * unused recovery code. False when it does not match (or 2FA is off).
   */
  async consumeCode(trx: TransactionClientContract, userId: number, code: string): Promise<boolean> {
    const row = await this.#row(trx, userId)
    if (!row?.isEnabled) return false
    if (TOTP_CODE.test(code)) {
      const step = matchTotp(decryptSecret(row.secret!), code, row.lastUsedStep)
      if (step === null) return false
      row.lastUsedStep = step
      await row.save()
      return true
    }
    const normalized = normalizeRecoveryCode(code)
    const unused = await TwoFactorRecoveryCode.query({ client: trx })
      .where('user_id', userId)
      .withScopes((scopes) => scopes.unused())
      .forUpdate()
    const matches = await Promise.all(unused.map((candidate) => hash.verify(candidate.codeHash, normalized)))
    const match = unused[matches.indexOf(true)]
    if (!match) return false
    match.usedAt = DateTime.now()
    await match.save()
    logger.info({ userId, recoveryCodeId: match.id }, 'two-factor recovery code used')
    return true
  }

  /** The user's 2FA row, locked for the transaction. */
  #row(trx: TransactionClientContract, userId: number) {
    return UserTwoFactor.query({ client: trx }).where('user_id', userId).forUpdate().first()
  }

  #alreadyEnabled() {
    return ApiException.conflict('Two-factor sign-in is already enabled')
  }
}
