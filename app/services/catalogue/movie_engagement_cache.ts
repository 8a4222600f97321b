import cache from '@adonisjs/cache/services/main'
import { movieTag } from '#services/catalogue/catalogue_cache'

/**
 * Cached figures of what people do with a movie (GET /movies/:id/stats and
 * /movies/:id/tags). Each entry carries two tags: `movie:<id>`, dropped by
 * every rating write and moderation (catalogue_cache.ts `invalidateMovie`),
 * and `movie-engagement:<id>`, dropped by the writes that change nothing
 * else a catalogue page shows (watchlist, favourites, diary, list items and
 * list privacy, tags) so those do not flush the catalogue.
 */
export const movieEngagementTag = (movieId: number) => `movie-engagement:${movieId}`

/** The tags of a movie's cached engagement figures. */
export const movieEngagementTags = (movieId: number) => [movieTag(movieId), movieEngagementTag(movieId)]

/** Drops the cached stats and tag counts of these movies (every process: bentocache's bus). */
export async function invalidateMovieEngagement(movieIds: number[]) {
  const ids = [...new Set(movieIds)]
  if (!ids.length) return
  await cache.deleteByTag({ tags: ids.map(movieEngagementTag) })
}
