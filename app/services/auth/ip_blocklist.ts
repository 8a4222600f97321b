import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import redis from '@adonisjs/redis/services/main'
import logger from '@adonisjs/core/services/logger'
import { authSettings } from '#auth/auth_settings'
import { AuthErrors } from '#exceptions/auth_errors'
import IpBlock from '#models/ip_block'

export type FailureKind = 'login' | 'otp' | 'password'

/**
 * Whom a sign-in attempt was against: a known user, or the login (username
 * or email) typed for an account that does not exist (so both answer alike).
 */
export const accountKey = {
  user: (userId: number) => `user:${userId}`,
  login: (login: string) => `login:${login.trim().toLowerCase()}`,
}

/** What a failure counter or a block applies to: one account from one IP, or the whole IP. */
export interface BlockScope {
  ip: string
  account: string | null
}

const scopeId = ({ ip, account }: BlockScope) => (account ? `${ip}|${account}` : ip)
const failuresKey = (scope: BlockScope) => `auth:fail:${scopeId(scope)}`
const blockKey = (scope: BlockScope) => `auth:block:${scopeId(scope)}`
/** Present once Redis holds every current block of PostgreSQL (set after a load). */
const LOADED_KEY = 'auth:blocks:loaded'

/**
 * Sign-in lockout (API.md Conventions), as OWASP recommends: failed logins
 * and one-time-code attempts against one account from one IP block that
 * account from that IP (10 by default), and many failures from one IP across
 * accounts block the IP (100), each for a while (E_IP_BLOCKED). So one user
 * behind a shared address (NAT, office) cannot lock everyone else out, and a
 * guesser cannot keep trying one account from one address.
 *
 * Failures are counted in Redis sorted sets (sliding windows); blocks are
 * recorded in PostgreSQL (`ip_blocks`, read by the admin panel) and mirrored
 * in Redis, which is all the hot path reads. When Redis has lost its copy
 * (restart, flush), the current blocks are reloaded from PostgreSQL.
 */
export default class IpBlocklistService {
  /** Refuses a blocked IP, or a blocked account from this IP when `account` is given. */
  async assertNotBlocked(ip: string, account: string | null = null) {
    const retryAfter = await this.blockedFor(ip, account)
    if (retryAfter > 0) throw AuthErrors.ipBlocked(retryAfter)
  }

  /** Seconds until the blocks that apply end; 0 when none does. */
  async blockedFor(ip: string, account: string | null = null): Promise<number> {
    await this.#ensureLoaded()
    const scopes: BlockScope[] = account ? [{ ip, account: null }, { ip, account }] : [{ ip, account: null }]
    const pipeline = redis.pipeline()
    for (const scope of scopes) pipeline.pttl(blockKey(scope))
    const ttls = (await pipeline.exec())?.map(([, ttl]) => Number(ttl)) ?? []
    return Math.max(0, ...ttls) / 1000
  }

  /**
   * Counts a failure against the IP and, when known, the account from that
   * IP; the failure that reaches a limit blocks (and still answers as a failure).
   */
  async recordFailure(ip: string, kind: FailureKind, account: string | null = null) {
    const { failures, accountFailures, windowSeconds } = authSettings.ipBlock
    const limits: [BlockScope, number][] = [[{ ip, account: null }, failures]]
    if (account) limits.push([{ ip, account }, accountFailures])

    const now = Date.now()
    const pipeline = redis.multi()
    for (const [scope] of limits) {
      const key = failuresKey(scope)
      pipeline
        .zremrangebyscore(key, 0, now - windowSeconds * 1000)
        .zadd(key, now, `${now}:${kind}:${randomUUID()}`)
        .zcard(key)
        .expire(key, windowSeconds)
    }
    const results = (await pipeline.exec()) ?? []
    const reason = `too_many_failed_${kind === 'otp' ? 'codes' : 'logins'}`
    for (const [index, [scope, limit]] of limits.entries()) {
      const count = Number(results[index * 4 + 2]?.[1] ?? 0)
      if (count < limit) continue
      await this.block(scope, reason, count)
      await redis.del(failuresKey(scope))
    }
  }

  async block(scope: BlockScope, reason: string, failures: number) {
    const until = DateTime.now().plus({ seconds: authSettings.ipBlock.durationSeconds })
    await IpBlock.create({ ipAddress: scope.ip, account: scope.account, reason, failures, blockedUntil: until })
    await redis.set(blockKey(scope), until.toISO()!, 'PX', until.diffNow().toMillis())
    logger.warn(
      { ip: scope.ip, account: scope.account, reason, failures, until: until.toISO() },
      scope.account ? 'account blocked from one IP on the auth endpoints' : 'IP blocked on the auth endpoints'
    )
  }

  /** Lifts every block on `ip` early, its account blocks too (admin panel). */
  async lift(ip: string) {
    const blocks = await IpBlock.query().withScopes((scopes) => scopes.current()).where('ip_address', ip)
    await IpBlock.query().withScopes((scopes) => scopes.current()).where('ip_address', ip).update({
      liftedAt: DateTime.now().toSQL(),
    })
    const scopes: BlockScope[] = [{ ip, account: null }, ...blocks.map((block) => ({ ip, account: block.account }))]
    await redis.del(...scopes.flatMap((scope) => [blockKey(scope), failuresKey(scope)]))
  }

  async #ensureLoaded() {
    if (await redis.exists(LOADED_KEY)) return
    const blocks = await IpBlock.query().withScopes((scopes) => scopes.current())
    const pipeline = redis.pipeline()
    for (const block of blocks) {
      const ms = block.blockedUntil.diffNow().toMillis()
      const scope = { ip: block.ipAddress, account: block.account }
      if (ms > 0) pipeline.set(blockKey(scope), block.blockedUntil.toISO()!, 'PX', ms)
    }
    pipeline.set(LOADED_KEY, '1')
    await pipeline.exec()
  }
}
