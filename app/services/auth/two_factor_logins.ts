import { inject } from '@adonisjs/core'
import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import logger from '@adonisjs/core/services/logger'
import { authSettings } from '#auth/auth_settings'
import { AuthErrors } from '#exceptions/auth_errors'
import type { SessionPlatform } from '#models/login_session'
import User from '#models/user'
import IpBlocklistService, { accountKey } from '#services/auth/ip_blocklist'
import LoginSessionService, { type ClientInfo, type IssuedSession } from '#services/auth/login_sessions'
import { randomToken, sha256 } from '#services/auth/secrets'
import TwoFactorService, { wrongTwoFactorCode } from '#services/auth/two_factor'

const { challengeTtlSeconds, maxAttempts } = authSettings.twoFactor

/** What the login asked for, carried to the session the verify starts. */
interface Challenge {
  userId: number
  deviceName: string | null
  platform: SessionPlatform | null
  cookie: boolean
}

/** The pending sign-in in Redis, by the token's hash (`auth:*`: reset with the other auth state). */
const challengeKey = (token: string) => `auth:2fa:challenge:${sha256(token)}`

/**
 * Counts one more try on a live challenge and returns the tries so far; nil
 * when there is no such challenge (unknown, expired or used). Counted before
 * the code is checked, so concurrent requests never get more than 5 checks.
 */
const CLAIM_ATTEMPT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return nil end
return redis.call('HINCRBY', KEYS[1], 'attempts', 1)`

export interface TwoFactorChallenge {
  token: string
  expiresIn: number
}

/**
 * The second step of signing in to an account with two-factor sign-in on.
 * A correct password gets a `two_factor_token` (opaque, 5 minutes, kept in
 * Redis by its hash) instead of tokens; POST /auth/2fa/verify trades it and a
 * code for the usual session. The token is single-use and dies after 5 wrong
 * codes; wrong codes also count toward the account/IP sign-in lockout.
 */
@inject()
export default class TwoFactorLoginService {
  constructor(
    protected twoFactor: TwoFactorService,
    protected loginSessions: LoginSessionService,
    protected ipBlocklist: IpBlocklistService
  ) {}

  async challenge(user: User, client: ClientInfo, cookie: boolean): Promise<TwoFactorChallenge> {
    const token = randomToken()
    const payload: Challenge = {
      userId: user.id,
      deviceName: client.deviceName ?? null,
      platform: client.platform ?? null,
      cookie,
    }
    await redis
      .multi()
      .hset(challengeKey(token), { payload: JSON.stringify(payload), attempts: 0 })
      .expire(challengeKey(token), challengeTtlSeconds)
      .exec()
    logger.info({ userId: user.id, ip: client.ip }, 'login: second factor required')
    return { token, expiresIn: challengeTtlSeconds }
  }

  /**
   * The code for a challenge: the session (with the login's device details
   * and the verify request's address) or an error. 401 for an unknown,
   * expired, used or dead token; 422 naming `code` for a wrong code.
   */
  async complete(token: string, code: string, client: ClientInfo): Promise<IssuedSession & { user: User; cookie: boolean }> {
    const key = challengeKey(token)
    const stored = await redis.hget(key, 'payload')
    if (!stored) throw this.#invalidToken()
    const { userId, deviceName, platform, cookie } = JSON.parse(stored) as Challenge
    const account = accountKey.user(userId)
    await this.ipBlocklist.assertNotBlocked(client.ip, account)

    const tries = (await redis.eval(CLAIM_ATTEMPT, 1, key)) as number | null
    if (tries === null) throw this.#invalidToken()
    if (tries > maxAttempts) {
      await this.ipBlocklist.recordFailure(client.ip, 'otp', account)
      throw AuthErrors.unauthorized('Too many wrong codes for this sign-in; sign in again')
    }

    const user = await User.find(userId)
    if (!user) throw this.#invalidToken()
    if (user.isSuspended) throw AuthErrors.accountSuspended()

    // The code is spent and the token taken in one go: if another request
    // took the token first, the rollback gives the code back.
    const verified = await db.transaction(async (trx) => {
      if (!(await this.twoFactor.consumeCode(trx, userId, code))) return false
      if ((await redis.del(key)) === 0) throw this.#invalidToken()
      return true
    })
    if (!verified) {
      await this.ipBlocklist.recordFailure(client.ip, 'otp', account)
      const left = Math.max(0, maxAttempts - tries)
      throw wrongTwoFactorCode(
        left > 0 ? `The code is not valid (${left} ${left === 1 ? 'try' : 'tries'} left)` : 'The code is not valid; sign in again'
      )
    }

    const issued = await this.loginSessions.start(user, { ...client, deviceName, platform })
    logger.info({ userId: user.id, sessionId: issued.session.id, ip: client.ip }, 'login (two-factor)')
    return { ...issued, user, cookie }
  }

  #invalidToken() {
    return AuthErrors.unauthorized('This two-factor token is invalid, expired or already used; sign in again')
  }
}
