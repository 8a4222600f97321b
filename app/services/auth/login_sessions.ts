import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { authSettings } from '#auth/auth_settings'
import { AuthErrors } from '#exceptions/auth_errors'
import LoginSession, { type RevokeReason, type SessionPlatform } from '#models/login_session'
import RefreshToken from '#models/refresh_token'
import User from '#models/user'
import { accessTokens } from '#services/auth/access_tokens'
import AuthTransformer, { type TokenFields } from '#transformers/auth_transformer'
import { openWith, randomToken, sealFor, sha256 } from '#services/auth/secrets'
import { sessionState } from '#services/auth/session_state'

/** Who is signing in: recorded on the login session. */
export interface ClientInfo {
  ip: string
  userAgent?: string | null
  deviceName?: string | null
  platform?: SessionPlatform | null
}

/** The contract's token fields (shaped by AuthTransformer.tokens). */
export type TokenPair = TokenFields

export interface IssuedSession {
  session: LoginSession
  tokens: TokenPair
}

type RefreshOutcome =
  | { kind: 'ok'; session: LoginSession; user: User; tokens: TokenPair }
  | { kind: 'reused'; sessionId: number }
  | { kind: 'invalid' | 'expired' | 'suspended' }

/** Purpose label of the sealed successor pair (secrets.ts `sealFor`). */
const SUCCESSOR_SEAL = 'refresh-successor'

const refreshExpiry = () => DateTime.now().plus({ seconds: authSettings.refreshTokenTtl })

/**
 * Login sessions: one per signed-in device. Each owns a chain of refresh
 * tokens (only the newest is usable; reusing an older one ends the session)
 * and is the `sid` of its access tokens. Revocation is written to PostgreSQL
 * and then mirrored to Redis, where the guard looks it up.
 */
export default class LoginSessionService {
  async start(user: User, client: ClientInfo, trx?: TransactionClientContract): Promise<IssuedSession> {
    const now = DateTime.now()
    const session = await LoginSession.create(
      {
        userId: user.id,
        deviceName: client.deviceName ?? null,
        platform: client.platform ?? null,
        ipAddress: client.ip,
        userAgent: client.userAgent?.slice(0, 512) ?? null,
        status: 'active',
        sessionStart: now,
        lastSeenAt: now,
        expiresAt: refreshExpiry(),
      },
      { client: trx }
    )
    const refreshToken = await this.#newRefreshToken(session.id, trx)
    await this.#cacheActive(session.id, user.id)
    const access = await accessTokens.issue(user.id, session.id)
    return {
      session,
      tokens: AuthTransformer.tokens(access, refreshToken.token),
    }
  }

  /**
   * Rotates a refresh token. The old one dies; presenting a dead one again
   * (a stolen copy, or the legitimate client after a thief used it) revokes
   * the whole session, and the revocation is committed before we answer.
   *
   * Grace window (AUTH_REFRESH_GRACE_SECONDS, 10 s): two tabs refreshing
   * with the same token at once are not a theft. Within the window after a
   * rotation, the old token gets the very pair it was rotated into, as long
   * as that refresh token is still unused. The pair is stored sealed with a
   * key derived from the old token (never stored), so the database alone
   * cannot give it away. The row lock serialises the concurrent requests:
   * the first rotates, the others wait and then read its answer.
   */
  async refresh(rawToken: string): Promise<{ user: User; session: LoginSession; tokens: TokenPair }> {
    const outcome = await db.transaction(async (trx): Promise<RefreshOutcome> => {
      const token = await RefreshToken.query({ client: trx })
        .where('token_hash', sha256(rawToken))
        .forUpdate()
        .first()
      if (!token) return { kind: 'invalid' }

      const session = await LoginSession.query({ client: trx }).where('id', token.sessionId).forUpdate().first()
      if (!session || session.status !== 'active') return { kind: 'invalid' }

      if (token.status !== 'active') {
        const replay = await this.#withinGrace(trx, token, rawToken)
        if (replay && session.isActive) {
          const user = await User.find(session.userId, { client: trx })
          if (!user) return { kind: 'invalid' }
          if (user.isSuspended) return { kind: 'suspended' }
          return { kind: 'ok', session, user, tokens: replay }
        }
        await this.#revokeWhere(trx, 'refresh_token_reuse', (query) => query.where('id', session.id))
        return { kind: 'reused', sessionId: session.id }
      }
      if (token.expiresAt <= DateTime.now() || !session.isActive) return { kind: 'expired' }

      const user = await User.find(session.userId, { client: trx })
      if (!user) return { kind: 'invalid' }
      if (user.isSuspended) return { kind: 'suspended' }

      const successor = await this.#newRefreshToken(session.id, trx)
      const access = await accessTokens.issue(user.id, session.id)
      const tokens = AuthTransformer.tokens(access, successor.token)
      token.status = 'rotated'
      token.usedAt = DateTime.now()
      token.successorId = successor.id
      token.successorSealed = sealFor(rawToken, SUCCESSOR_SEAL, JSON.stringify(tokens))
      await token.save()
      // The predecessor's sealed pair was this token: it can never be replayed again.
      await RefreshToken.query({ client: trx })
        .where('session_id', session.id)
        .where('successor_id', token.id)
        .update({ successorSealed: null })
      session.lastSeenAt = DateTime.now()
      session.expiresAt = refreshExpiry()
      await session.save()
      return { kind: 'ok', session, user, tokens }
    })

    switch (outcome.kind) {
      case 'reused':
        await this.#mirrorRevoked([outcome.sessionId])
        logger.warn({ sessionId: outcome.sessionId }, 'refresh token reused: session revoked')
        throw AuthErrors.unauthorized('This refresh token was already used; the session has been ended')
      case 'invalid':
        throw AuthErrors.unauthorized('Invalid refresh token')
      case 'expired':
        throw AuthErrors.tokenExpired('The refresh token has expired; sign in again')
      case 'suspended':
        throw AuthErrors.accountSuspended()
    }
    return { user: outcome.user, session: outcome.session, tokens: outcome.tokens }
  }

  /**
   * The pair `token` was rotated into, when it was rotated (not revoked)
   * less than the grace window ago and that refresh token is still unused;
   * otherwise null (reuse).
   */
  async #withinGrace(trx: TransactionClientContract, token: RefreshToken, rawToken: string): Promise<TokenPair | null> {
    const grace = authSettings.refreshGraceSeconds
    if (grace <= 0 || token.status !== 'rotated' || !token.usedAt || !token.successorSealed || !token.successorId) return null
    if (token.usedAt.plus({ seconds: grace }) <= DateTime.now()) return null
    const successor = await RefreshToken.query({ client: trx }).where('id', token.successorId).first()
    if (!successor || successor.status !== 'active') return null
    const opened = openWith(rawToken, SUCCESSOR_SEAL, token.successorSealed)
    return opened ? (JSON.parse(opened) as TokenPair) : null
  }

  /** New tokens for a session that stays (password change): its older refresh tokens die. */
  async reissue(session: LoginSession, trx?: TransactionClientContract): Promise<TokenPair> {
    await RefreshToken.query({ client: trx })
      .where('session_id', session.id)
      .where('status', 'active')
      .update({ status: 'revoked' })
    const refreshToken = await this.#newRefreshToken(session.id, trx)
    const access = await accessTokens.issue(session.userId, session.id)
    return AuthTransformer.tokens(access, refreshToken.token)
  }

  /**
   * Whether access tokens of this session are still honoured: Redis first,
   * PostgreSQL when Redis does not know (and Redis learns the answer).
   */
  /**
   * The in-process answer of `isActive` without waiting, or undefined when
   * only Redis/PostgreSQL can tell (the guard's fast path).
   */
  knownActive(sessionId: number, userId: number): boolean | undefined {
    const cached = sessionState.peek(sessionId)
    if (cached?.state === 'revoked') return false
    if (cached?.state === 'active' && cached.userId === userId) return true
    return undefined
  }

  async isActive(sessionId: number, userId: number): Promise<boolean> {
    const cached = await sessionState.lookup(sessionId)
    if (cached?.state === 'revoked') return false
    if (cached?.state === 'active' && cached.userId === userId) return true

    const session = await LoginSession.query()
      .where('id', sessionId)
      .where('user_id', userId)
      .withScopes((scopes) => scopes.active())
      .first()
    if (!session) return false
    await this.#cacheActive(sessionId, userId, true)
    return true
  }

  /**
   * Records activity, at most once a minute per session and process.
   * Undefined (nothing to await) on the hot path.
   */
  touch(sessionId: number): Promise<unknown> | undefined {
    if (!sessionState.shouldTouch(sessionId)) return undefined
    return LoginSession.query()
      .where('id', sessionId)
      .where('status', 'active')
      .update({ lastSeenAt: DateTime.now().toSQL() })
  }

  async findOwned(userId: number, sessionId: number) {
    return LoginSession.query().withScopes((scopes) => scopes.ownedBy(userId)).where('id', sessionId).first()
  }

  /** The caller's sessions, most recently used first. */
  async list(userId: number) {
    return LoginSession.query()
      .withScopes((scopes) => scopes.ownedBy(userId))
      .orderBy('last_seen_at', 'desc')
      .orderBy('id', 'desc')
      .limit(100)
  }

  async revoke(sessionId: number, reason: RevokeReason) {
    const ids = await db.transaction((trx) =>
      this.#revokeWhere(trx, reason, (query) => query.where('id', sessionId))
    )
    await this.#mirrorRevoked(ids)
  }

  /**
   * Revokes every active session of a user (but `exceptSessionId`) inside
   * the caller's transaction. Call `mirrorRevoked` with the result once it
   * has committed.
   */
  async revokeAllForUser(
    trx: TransactionClientContract,
    userId: number,
    reason: RevokeReason,
    exceptSessionId?: number
  ) {
    return this.#revokeWhere(trx, reason, (query) => {
      query.where('user_id', userId)
      if (exceptSessionId) query.whereNot('id', exceptSessionId)
    })
  }

  /** Tombstones revoked sessions in Redis: their access tokens fail from the next request. */
  async mirrorRevoked(sessionIds: number[]) {
    await this.#mirrorRevoked(sessionIds)
  }

  async #revokeWhere(
    trx: TransactionClientContract,
    reason: RevokeReason,
    where: (query: ReturnType<typeof LoginSession.query>) => void
  ): Promise<number[]> {
    const query = LoginSession.query({ client: trx }).where('status', 'active')
    where(query)
    const rows = (await query
      .update({ status: 'revoked', revokedReason: reason, revokedAt: DateTime.now().toSQL() })
      .returning('id')) as unknown as { id: number }[]
    const ids = rows.map((row) => row.id)
    if (ids.length) {
      await RefreshToken.query({ client: trx })
        .whereIn('session_id', ids)
        .where('status', 'active')
        .update({ status: 'revoked' })
    }
    return ids
  }

  async #mirrorRevoked(ids: number[]) {
    try {
      await sessionState.markRevoked(ids)
    } catch (error) {
      // PostgreSQL already says revoked; the active Redis key expires within
      // one access-token lifetime, and lookups fall back to the database.
      logger.error({ err: (error as Error).message, sessionIds: ids }, 'could not mirror session revocation')
    }
  }

  async #cacheActive(sessionId: number, userId: number, onlyIfMissing = false) {
    try {
      await sessionState.markActive(sessionId, userId, onlyIfMissing)
    } catch (error) {
      logger.warn({ err: (error as Error).message }, 'session state cache unavailable')
    }
  }

  async #newRefreshToken(sessionId: number, trx?: TransactionClientContract): Promise<{ id: number; token: string }> {
    const token = randomToken()
    const row = await RefreshToken.create(
      { sessionId, tokenHash: sha256(token), status: 'active', expiresAt: refreshExpiry() },
      { client: trx }
    )
    return { id: row.id, token }
  }
}
