import type { EventsList } from '@adonisjs/core/types'
import { invalidateProfileExtras } from '#services/profile/profile_cache'
import { invalidateUserRecommendations } from '#services/recommender/cache'
import { invalidateFeedActor } from '#services/social/feed_cache'
import { invalidateFriendStates } from '#services/library/user_state_cache'

/** Drops the caches derived from a user's library when it changes. */
export default class UserLibraryListener {
  async handle({ userId }: EventsList['user:library_changed']) {
    await Promise.all([
      invalidateProfileExtras(userId),
      // Also the user's cached state (per-user fields, recommendation fingerprint).
      invalidateUserRecommendations(userId),
      invalidateFeedActor(userId),
      // Friends' states hold this user's ratings.
      invalidateFriendStates(userId),
    ])
  }
}
