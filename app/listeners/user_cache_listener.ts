import type { EventsList } from '@adonisjs/core/types'
import { forgetCachedUser } from '#services/auth/user_cache'
import { invalidateFeedActorQuietly } from '#services/social/feed_cache'

/** Drops the cached copies of a user whose row was saved or deleted (User model hooks). */
export default class UserCacheListener {
  async handle({ userId }: EventsList['user:changed']) {
    await Promise.all([
      // Logged by forgetCachedUser and rethrown: the write must not report success over a stale guard cache.
      forgetCachedUser(userId),
      invalidateFeedActorQuietly(userId),
    ])
  }
}
