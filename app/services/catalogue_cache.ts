import cache from '@adonisjs/cache/services/main'

/**
 * Response-cache tags of the catalogue. Lists and searches carry
 * `catalogue`; a movie's detail carries `movie:<id>`. Writers invalidate
 * through these helpers so readers never see stale figures.
 */
export const CATALOGUE_TAG = 'catalogue'
export const movieTag = (movieId: number) => `movie:${movieId}`

/** Any change that can move a movie in lists or search (new movie, metadata, rating). */
export async function invalidateMovie(movieId: number) {
  await cache.deleteByTag({ tags: [CATALOGUE_TAG, movieTag(movieId)] })
}

/** Bulk changes (imports, trending refresh): drop every catalogue entry. */
export async function invalidateCatalogue() {
  await cache.deleteByTag({ tags: [CATALOGUE_TAG] })
}

/** Bulk changes of many details too (imports). */
export async function invalidateAllMovies() {
  await cache.clear()
}
