import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import User from '#models/user'
import { localAuthCache } from '#services/auth/local_auth_cache'

/**
 * The users row the JWT guard needs on every request, kept in-process
 * (local_auth_cache.ts: 10 s, dropped across processes by its Redis bus), so
 * authenticating costs neither a database round trip nor a Lucid hydration
 * per request: the cache holds one hydrated template per user and hands out
 * cheap copies (callers may change and save theirs).
 *
 * Every write through the User model drops the entry (model hooks, again
 * after commit when inside a transaction), so a suspension, role change,
 * password change or deletion applies to the very next request. Writes that
 * bypass the model (`User.query().update(...)`) must call
 * `forgetCachedUser`; the TTL bounds those that do not. Users from here
 * carry no password hash (flows that check a password read it from
 * PostgreSQL).
 */
const key = (userId: number) => `user:${userId}`

/**
 * A copy sharing the template's attribute values: they are primitives or
 * immutable luxon DateTimes, so mutating the copy never reaches the template.
 * It fills the fresh instance's own objects and defines the two flags
 * instead of assigning: each assignment would go through Lucid's proxy
 * `set` trap, which cost more than the rest of authentication together.
 */
const persisted = {
  $isPersisted: { value: true, writable: true, enumerable: true, configurable: true },
  $isLocal: { value: false, writable: true, enumerable: true, configurable: true },
}

function copyOf(template: User): User {
  const user = new User()
  Object.assign(user.$attributes, template.$attributes)
  Object.assign(user.$original, template.$original)
  Object.assign(user.$extras, template.$extras)
  Object.defineProperties(user, persisted)
  return user
}

/** The user from the in-process cache only (undefined when not cached here). */
export function peekCachedUser(userId: number): User | undefined {
  const template = localAuthCache.get<User>(key(userId))
  return template ? copyOf(template) : undefined
}

export async function findCachedUser(userId: number): Promise<User | null> {
  const cached = peekCachedUser(userId)
  if (cached) return cached

  const generation = localAuthCache.generation()
  const row = await db.from('users').where('id', userId).first()
  // Unknown users are not cached: a later sign-up must not meet a stale "none".
  if (!row) return null
  delete row.password
  const user = User.$createFromAdapterResult(row)!
  localAuthCache.set(key(userId), user, generation)
  return copyOf(user)
}

export async function forgetCachedUser(userId: number) {
  try {
    await localAuthCache.invalidate([key(userId)])
  } catch (error) {
    logger.error({ err: (error as Error).message, userId }, 'could not drop a cached user')
    throw error
  }
}
