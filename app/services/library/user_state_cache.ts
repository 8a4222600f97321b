import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import redis from '@adonisjs/redis/services/main'
import { redisConnection } from '#config/redis'
import { LocalAuthCache } from '#services/auth/local_auth_cache'
import { friendIdsOf } from '#services/social/friendship_gate'
import { readUserState, type UserState } from '#services/recommender/user_state'

/**
 * One compact structure per signed-in user (their ratings, watchlist,
 * favourites, diary, hidden movies, favourite genres and friends' ratings:
 * `UserState`), kept in process memory so the per-user fields of a movie
 * detail, predicted_rating and the recommendation cache key cost no query.
 *
 * It rides on the same L1 + Redis pub/sub machinery as the auth cache
 * (local_auth_cache.ts), on its own channel: every write that changes what
 * a state holds calls `invalidateUserStates` (through the
 * `user:library_changed` listener or `invalidateUserRecommendations`), which
 * drops it here at once and in every other process when the message
 * arrives. While the subscriber is down nothing is served from memory.
 * The TTL only bounds what no writer announces (a friend's new display
 * name, a manual SQL edit).
 *
 * Process-wide state: one in-memory cache per process, hence a module instance.
 */
export const userStateCache = new LocalAuthCache({
  channel: `marquee:user-state-l1:${redisConnection.db}`,
  ttlMs: 60_000,
  maxEntries: 20_000,
  connection: redisConnection,
  publish: (channel, message) => redis.publish(channel, message),
})

app.terminating(() => userStateCache.close())

/** The user's state: from memory when fresh, else read (one read per user at a time). */
export function userState(userId: number): Promise<UserState> {
  return userStateCache.getOrLoad(String(userId), () => readUserState(userId))
}

/** Drops these users' states here at once and in every other process. */
export async function invalidateUserStates(userIds: number[]) {
  await userStateCache.invalidate(userIds.map(String))
}

/**
 * Friends hold each other's ratings in their states: after a user's
 * library changes, theirs are stale too. Best effort (the TTL bounds a
 * failure); called off the request path by the library job.
 */
export async function invalidateFriendStates(userId: number) {
  try {
    const friends = await friendIdsOf(userId)
    if (friends.length) await invalidateUserStates(friends)
  } catch (error) {
    logger.warn({ err: error, userId }, "could not invalidate friends' user states")
  }
}
