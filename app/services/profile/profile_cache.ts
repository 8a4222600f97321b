import cache from '@adonisjs/cache/services/main'

/**
 * The profile's counters and favourite genres are read on every GET /me;
 * they are cached per user and dropped on `user:library_changed`.
 */
export const profileExtrasTag = (userId: number) => `profile:user:${userId}`
export const profileExtrasKey = (userId: number) => `profile-extras:${userId}`

export async function invalidateProfileExtras(userId: number) {
  await cache.deleteByTag({ tags: [profileExtrasTag(userId)] })
}
