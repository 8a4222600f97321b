import { inject } from '@adonisjs/core'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import hash from '@adonisjs/core/services/hash'
import logger from '@adonisjs/core/services/logger'
import { AuthErrors } from '#exceptions/auth_errors'
import LoginSession from '#models/login_session'
import PasswordReset from '#models/password_reset'
import User from '#models/user'
import { collectFallout, deleteNotificationsPointingAt, invalidateFallout } from '#services/auth/account_fallout'
import { invalidateUserStates } from '#services/library/user_state_cache'
import EmailVerificationService from '#services/auth/email_verifications'
import IpBlocklistService, { accountKey } from '#services/auth/ip_blocklist'
import LoginSessionService, { type ClientInfo, type IssuedSession, type TokenPair } from '#services/auth/login_sessions'
import { assertAvailable, isUniqueViolation } from '#services/auth/availability'
import { forgetCachedUser } from '#services/auth/user_cache'
import TwoFactorService from '#services/auth/two_factor'
import TwoFactorLoginService, { type TwoFactorChallenge } from '#services/auth/two_factor_logins'
import AvatarService from '#services/profile/avatars'
import { assertGenresExist } from '#services/profile/favorite_genres'

export interface RegisterInput {
  username: string
  email: string
  password: string
  displayName?: string | null
  firstName?: string | null
  lastName?: string | null
  birthDate?: DateTime | null
  genreIds?: number[]
}

/** A signed-in session, or (two-factor sign-in on) the challenge POST /auth/2fa/verify completes. */
export type LoginOutcome =
  | ({ kind: 'signed_in'; user: User } & IssuedSession)
  | { kind: 'two_factor'; challenge: TwoFactorChallenge }

/** A scrypt hash of a random password, verified against when the account is unknown. */
let dummyHash: string | undefined

/**
 * Sign-up, sign-in, password change and account deletion. Passwords are
 * hashed by the framework hasher (scrypt) and never logged or returned.
 */
@inject()
export default class AccountService {
  constructor(
    protected avatars: AvatarService,
    protected emailVerifications: EmailVerificationService,
    protected loginSessions: LoginSessionService,
    protected ipBlocklist: IpBlocklistService,
    protected twoFactor: TwoFactorService,
    protected twoFactorLogins: TwoFactorLoginService
  ) {}

  async register(input: RegisterInput, client: ClientInfo): Promise<IssuedSession & { user: User }> {
    await this.ipBlocklist.assertNotBlocked(client.ip)
    await assertAvailable({ username: input.username, email: input.email })
    if (input.genreIds?.length) await assertGenresExist(input.genreIds)

    let user: User
    try {
      user = await db.transaction(async (trx) => {
        const created = await User.create(
          {
            username: input.username,
            email: input.email,
            password: input.password,
            displayName: input.displayName ?? null,
            firstName: input.firstName ?? null,
            lastName: input.lastName ?? null,
            birthDate: input.birthDate ?? null,
            role: 'user',
            isPrivate: false,
            preferredLanguage: 'en',
            maturityFilter: 'all',
            isPlaceholder: false,
          },
          { client: trx }
        )
        if (input.genreIds?.length) await created.related('genres').attach(input.genreIds, trx)
        return created
      })
    } catch (error) {
      // Lost a race with a concurrent sign-up for the same name or address.
      if (isUniqueViolation(error)) await assertAvailable({ username: input.username, email: input.email })
      throw error
    }

    const issued = await this.loginSessions.start(user, client)
    try {
      await this.emailVerifications.send(user)
    } catch (error) {
      // The account exists and is signed in; POST /auth/email/resend sends another.
      logger.error({ userId: user.id, err: (error as Error).message }, 'could not queue the verification mail')
    }
    logger.info({ userId: user.id, sessionId: issued.session.id }, 'account registered')
    return { ...issued, user }
  }

  /**
   * Username or email, then password. The same work and the same answer for
   * an unknown account, a placeholder account and a wrong password. With
   * two-factor sign-in on, the right password only gets a challenge for the
   * code (`cookie` is remembered for the session the code starts).
   */
  async login(login: string, password: string, client: ClientInfo, cookie = false): Promise<LoginOutcome> {
    await this.ipBlocklist.assertNotBlocked(client.ip)
    const user = await User.query()
      .where((query) => query.where('username', login).orWhere('email', login))
      .where('is_placeholder', false)
      .first()

    // Unknown accounts are counted under the login typed, so both answer alike.
    const account = user ? accountKey.user(user.id) : accountKey.login(login)
    await this.ipBlocklist.assertNotBlocked(client.ip, account)

    if (!user?.password) {
      await hash.verify(await this.#dummyHash(), password)
      return this.#loginFailed(client.ip, account)
    }
    if (!(await hash.verify(user.password, password))) return this.#loginFailed(client.ip, account)
    if (user.isSuspended) {
      logger.info({ userId: user.id, ip: client.ip }, 'login refused: account suspended')
      throw AuthErrors.accountSuspended()
    }

    if (hash.needsReHash(user.password)) {
      user.password = password
      await user.save()
    }
    if (await this.twoFactor.isEnabled(user.id)) {
      return { kind: 'two_factor', challenge: await this.twoFactorLogins.challenge(user, client, cookie) }
    }
    const issued = await this.loginSessions.start(user, client)
    logger.info({ userId: user.id, sessionId: issued.session.id, ip: client.ip }, 'login')
    return { kind: 'signed_in', ...issued, user }
  }

  /** New password; every other session and pending reset ends, this one gets new tokens. */
  async changePassword(
    user: User,
    sessionId: number,
    currentPassword: string,
    newPassword: string,
    ip: string
  ): Promise<TokenPair> {
    await this.#assertPassword(user, currentPassword, 'current_password', ip)

    const { tokens, revoked } = await db.transaction(async (trx) => {
      user.useTransaction(trx)
      user.password = newPassword
      await user.save()
      await PasswordReset.query({ client: trx })
        .where('user_id', user.id)
        .withScopes((scopes) => scopes.pending())
        .update({ revokedAt: DateTime.now().toSQL() })
      const revokedIds = await this.loginSessions.revokeAllForUser(trx, user.id, 'password_change', sessionId)
      const session = await LoginSession.findOrFail(sessionId, { client: trx })
      return { tokens: await this.loginSessions.reissue(session, trx), revoked: revokedIds }
    })
    await forgetCachedUser(user.id)
    await this.loginSessions.mirrorRevoked(revoked)
    logger.info({ userId: user.id, sessionsRevoked: revoked.length }, 'password changed')
    return tokens
  }

  /**
   * Deletes the account. The users row goes, and with it (ON DELETE CASCADE)
   * everything that references it: sessions, codes, favourite genres,
   * ratings and reviews, watchlist and favourites. Public content is
   * removed, not anonymised; the avatar file is deleted too. Everyone
   * else's view follows at once: notifications pointing at the account go
   * in the same transaction, and after it the cached counters of its
   * friends and the figures of every title it touched are dropped.
   */
  async deleteAccount(user: User, password: string, ip: string) {
    await this.#assertPassword(user, password, 'password', ip)

    const sessionIds = (await LoginSession.query().where('user_id', user.id).select('id')).map(
      (session) => session.id
    )
    const avatarPath = user.avatarPath
    const { fallout, notificationsRemoved } = await db.transaction(async (trx) => {
      const collected = await collectFallout(trx, user.id)
      const removed = await deleteNotificationsPointingAt(trx, user.id)
      user.useTransaction(trx)
      await user.delete()
      return { fallout: collected, notificationsRemoved: removed }
    })

    await this.loginSessions.mirrorRevoked(sessionIds)
    if (avatarPath) await this.avatars.deleteFile(avatarPath)
    // Their ratings left the averages (the triggers updated them); friends' counters changed.
    await invalidateFallout(fallout)
    // Their ratings and name left their friends' cached per-user states.
    await invalidateUserStates([user.id, ...fallout.friendIds])
    logger.info(
      { userId: user.id, friends: fallout.friendIds.length, notificationsRemoved },
      'account deleted'
    )
  }

  /** Against the stored hash (the guard's cached user carries none). */
  async #assertPassword(user: User, password: string, field: string, ip: string) {
    await this.ipBlocklist.assertNotBlocked(ip, accountKey.user(user.id))
    const stored = await User.query().where('id', user.id).select('password').first()
    if (stored?.password && (await hash.verify(stored.password, password))) return
    await this.ipBlocklist.recordFailure(ip, 'password', accountKey.user(user.id))
    throw AuthErrors.field(field, 'current_password', 'The password is incorrect')
  }

  async #loginFailed(ip: string, account: string): Promise<never> {
    await this.ipBlocklist.recordFailure(ip, 'login', account)
    logger.info({ ip }, 'login failed')
    throw AuthErrors.invalidCredentials()
  }

  async #dummyHash() {
    dummyHash ??= await hash.make(`unknown-account-${Math.random()}`)
    return dummyHash
  }
}
