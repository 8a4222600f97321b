import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import redis from '@adonisjs/redis/services/main'
import { redisConnection } from '#config/redis'
import { LocalAuthCache } from '#services/auth/local_auth_cache'
import { friendIdsOf } from '#services/friendship_gate'
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
 */
export const userStateCache = new LocalAuthCache({
  channel: `marquee:user-state-l1:${redisConnection.db}`,
  ttlMs: 60_000,
  maxEntries: 20_000,
  connection: redisConnection,
  publish: (channel, message) => redis.publish(channel, message),
})

app.terminating(() => userStateCache.close())

const keyOf = (userId: number) => String(userId)
const inFlight = new Map<number, Promise<UserState>>()

/** The user's state: from memory when fresh, else read (one fill per user at a time). */
export async function userState(userId: number): Promise<UserState> {
  const cached = userStateCache.get<UserState>(keyOf(userId))
  if (cached) return cached
  const pending = inFlight.get(userId)
  if (pending) return pending
  const generation = userStateCache.generation()
  const load: Promise<UserState> = readUserState(userId)
    .then((state) => {
      userStateCache.set(keyOf(userId), state, generation)
      return state
    })
    .finally(() => {
      if (inFlight.get(userId) === load) inFlight.delete(userId)
    })
  inFlight.set(userId, load)
  return load
}

/** Drops these users' states here at once and in every other process. */
export async function invalidateUserStates(userIds: number[]) {
  // A read started before the write must not be handed to requests made after it.
  for (const id of userIds) inFlight.delete(id)
  await userStateCache.invalidate(userIds.map(keyOf))
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
