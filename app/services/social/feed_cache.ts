import cache from '@adonisjs/cache/services/main'
import logger from '@adonisjs/core/services/logger'
import { movieTag } from '#services/catalogue/catalogue_cache'
import { seriesTag } from '#services/catalogue/series_cache'

/**
 * Response cache of feed pages (GET /me/feed), per reader. A page carries
 * three kinds of tags, so every change that can alter it drops it:
 *
 * - `feed:<reader>`: its feed_items changed (fan-out, backfill, prune on
 *   unfriend/block: FeedWriter), a block or unblock involving the reader,
 *   or the reader's own library (the per-user movie fields: ratings,
 *   watchlist, favourites) or profile (maturity, birth date: User hooks);
 * - `feed:actor:<user>`, for the author of each item and each new friend in
 *   it: that user's library changed (a rating edited or removed, a review
 *   dropped, a diary entry or watchlist item gone: the `user:library_changed`
 *   event), a list of theirs changed (List hooks), or their profile (name,
 *   avatar, deletion: User hooks);
 * - `movie:<id>`, shared with the catalogue (catalogue_cache.ts): the
 *   movie's figures, metadata or visibility changed; `series:<id>` likewise
 *   for the show of an episode's diary entry (series_cache.ts).
 *
 * The viewer's visibility class is part of the key (it also changes with
 * age). Entries live 2 minutes at most, which bounds the one race tags
 * cannot close (a page computed before a write and stored after its
 * invalidation).
 */
const FEED_TTL = '2m'

export const feedTag = (readerId: number) => `feed:${readerId}`
export const feedActorTag = (userId: number) => `feed:actor:${userId}`

export interface FeedCacheRefs {
  actorIds: number[]
  movieIds: number[]
  /** Shows of episode diary entries (issue 9). */
  seriesIds?: number[]
}

export async function cachedFeedPage<T>(
  readerId: number,
  variant: string,
  factory: () => Promise<{ page: T; refs: FeedCacheRefs }>
): Promise<T> {
  return cache.getOrSet({
    key: `feed:${readerId}:${variant}`,
    ttl: FEED_TTL,
    tags: [feedTag(readerId)],
    factory: async (ctx) => {
      const { page, refs } = await factory()
      ctx.setTags([...new Set(refs.actorIds)].map(feedActorTag))
      ctx.setTags([...new Set(refs.movieIds)].map(movieTag))
      ctx.setTags([...new Set(refs.seriesIds ?? [])].map(seriesTag))
      return page
    },
  })
}

/** The feeds of these readers changed (their feed_items, blocks, own library or profile). */
export async function invalidateFeedsOf(readerIds: number[]) {
  const ids = [...new Set(readerIds)]
  if (!ids.length) return
  await cache.deleteByTag({ tags: ids.map(feedTag) })
}

/** What `userId` did or is changed: every page showing it, and their own feed. */
export async function invalidateFeedActor(userId: number) {
  await cache.deleteByTag({ tags: [feedActorTag(userId), feedTag(userId)] })
}

/** For model hooks: a failed invalidation is logged, never fails the write (the TTL bounds it). */
export function invalidateFeedActorQuietly(userId: number) {
  return invalidateFeedActor(userId).catch((error) => logger.warn({ err: error, userId }, 'could not invalidate feed pages'))
}
