import { randomUUID } from 'node:crypto'
import { DateTime } from 'luxon'
import redis from '@adonisjs/redis/services/main'
import logger from '@adonisjs/core/services/logger'
import { authSettings } from '#config/auth'
import { AuthErrors } from '#exceptions/auth_errors'
import IpBlock from '#models/ip_block'

export type FailureKind = 'login' | 'otp' | 'password'

const failuresKey = (ip: string) => `auth:ipfail:${ip}`
const blockKey = (ip: string) => `auth:ipblock:${ip}`
/** Present once Redis holds every current block of PostgreSQL (set after a load). */
const LOADED_KEY = 'auth:ipblocks:loaded'

/**
 * The IP blocklist: N failed logins or one-time-code attempts from one IP
 * within the window block it for a while (E_IP_BLOCKED on the auth routes).
 * Failures are counted in a Redis sorted set (a sliding window); blocks are
 * recorded in PostgreSQL (`ip_blocks`, read by the admin panel) and mirrored
 * in Redis, which is all the hot path reads. When Redis has lost its copy
 * (restart, flush), the current blocks are reloaded from PostgreSQL.
 */
export class IpBlocklistService {
  async assertNotBlocked(ip: string) {
    const retryAfter = await this.blockedFor(ip)
    if (retryAfter > 0) throw AuthErrors.ipBlocked(retryAfter)
  }

  /** Seconds until the block on `ip` ends; 0 when it is not blocked. */
  async blockedFor(ip: string): Promise<number> {
    await this.#ensureLoaded()
    const ttl = await redis.pttl(blockKey(ip))
    return ttl > 0 ? ttl / 1000 : 0
  }

  /** Counts a failure; the one that reaches the threshold blocks the IP. */
  async recordFailure(ip: string, kind: FailureKind) {
    const { failures, windowSeconds } = authSettings.ipBlock
    const now = Date.now()
    const key = failuresKey(ip)
    const results = await redis
      .multi()
      .zremrangebyscore(key, 0, now - windowSeconds * 1000)
      .zadd(key, now, `${now}:${kind}:${randomUUID()}`)
      .zcard(key)
      .expire(key, windowSeconds)
      .exec()
    const count = Number(results?.[2]?.[1] ?? 0)
    if (count >= failures) {
      await this.block(ip, `too_many_failed_${kind === 'otp' ? 'codes' : 'logins'}`, count)
      await redis.del(key)
    }
  }

  async block(ip: string, reason: string, failures: number) {
    const until = DateTime.now().plus({ seconds: authSettings.ipBlock.durationSeconds })
    await IpBlock.create({ ipAddress: ip, reason, failures, blockedUntil: until })
    await redis.set(blockKey(ip), until.toISO()!, 'PX', until.diffNow().toMillis())
    logger.warn({ ip, reason, failures, until: until.toISO() }, 'IP blocked on the auth endpoints')
  }

  /** Lifts a block early (admin panel). */
  async lift(ip: string) {
    await IpBlock.query().withScopes((scopes) => scopes.current()).where('ip_address', ip).update({
      liftedAt: DateTime.now().toSQL(),
    })
    await redis.del(blockKey(ip), failuresKey(ip))
  }

  async #ensureLoaded() {
    if (await redis.exists(LOADED_KEY)) return
    const blocks = await IpBlock.query().withScopes((scopes) => scopes.current())
    const pipeline = redis.pipeline()
    for (const block of blocks) {
      const ms = block.blockedUntil.diffNow().toMillis()
      if (ms > 0) pipeline.set(blockKey(block.ipAddress), block.blockedUntil.toISO()!, 'PX', ms)
    }
    pipeline.set(LOADED_KEY, '1')
    await pipeline.exec()
  }
}

export const ipBlocklist = new IpBlocklistService()
