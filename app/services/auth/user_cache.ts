import { DateTime } from 'luxon'
import cache from '@adonisjs/cache/services/main'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import User from '#models/user'

/**
 * The users row the JWT guard needs on every request, cached (in-process
 * L1 in front of Redis, kept in step across processes by the cache bus), so
 * authenticating costs no database round trip.
 *
 * Every write through the User model drops the entry (model hooks, after
 * commit when inside a transaction), so a suspension, role change, password
 * change or deletion applies to the very next request. The short TTL only
 * bounds writes that bypass the model (`User.query().update(...)`): those
 * must call `forgetCachedUser`. Users from here carry no password hash.
 */
const TTL = '1m'
const key = (userId: number) => `auth:user:${userId}`

type CachedRow = Record<string, string | number | boolean | null>

/**
 * The row without its password hash (never copied to Redis; flows that
 * check a password read it from PostgreSQL). pg gives Date objects; the
 * cache stores JSON, which Lucid must read back as SQL timestamps.
 */
function toCachedRow(row: Record<string, unknown>): CachedRow {
  const cached: CachedRow = {}
  for (const [column, value] of Object.entries(row)) {
    if (column === 'password') continue
    cached[column] = value instanceof Date ? DateTime.fromJSDate(value).toSQL()! : (value as CachedRow[string])
  }
  return cached
}

export async function findCachedUser(userId: number): Promise<User | null> {
  const row = await cache.getOrSet({
    key: key(userId),
    ttl: TTL,
    factory: async (context) => {
      const found = await db.from('users').where('id', userId).first()
      // Unknown users are not cached: a later sign-up must not meet a stale "none".
      if (!found) return context.skip()
      return toCachedRow(found)
    },
  })
  return row ? User.$createFromAdapterResult(row) : null
}

export async function forgetCachedUser(userId: number) {
  try {
    await cache.delete({ key: key(userId) })
  } catch (error) {
    logger.error({ err: (error as Error).message, userId }, 'could not drop a cached user')
    throw error
  }
}
