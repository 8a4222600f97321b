import cache from '@adonisjs/cache/services/main'
import { invalidateUserStates } from '#services/library/user_state_cache'

/**
 * Response-cache tags of recommendation lists: one per user, and one over
 * all of them (dropped when a new model is trained).
 */
export const RECOMMENDATIONS_TAG = 'recommendations'
export const userRecommendationsTag = (userId: number) => `recommendations:user:${userId}`

/**
 * Drops the cached recommendation lists of a user. Writers of what a list
 * depends on (ratings, watchlist, diary, favourite genres, friends) call it;
 * the cache key also carries a fingerprint of the user's state, so a writer
 * that forgets still cannot serve a stale list.
 */
export async function invalidateUserRecommendations(userId: number) {
  // The fingerprint is computed from the cached state: drop that first.
  await Promise.all([invalidateUserStates([userId]), cache.deleteByTag({ tags: [userRecommendationsTag(userId)] })])
}

/** Drops every cached recommendation list (after a new model is loaded). */
export async function invalidateAllRecommendations() {
  await cache.deleteByTag({ tags: [RECOMMENDATIONS_TAG] })
}
