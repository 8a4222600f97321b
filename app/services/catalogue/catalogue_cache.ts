import cache from '@adonisjs/cache/services/main'
import db from '@adonisjs/lucid/services/db'
import { invalidateAllMovieDetails, invalidateMovieDetails } from '#services/catalogue/movie_detail_cache'

/**
 * Response-cache tags of the catalogue. Lists and searches carry
 * `catalogue`; pages embedding a movie carry `movie:<id>`; a movie's detail
 * lives in its own in-process cache (movie_detail_cache.ts), dropped here too. Writers invalidate
 * through these helpers so readers never see stale figures.
 */
export const CATALOGUE_TAG = 'catalogue'
export const movieTag = (movieId: number) => `movie:${movieId}`
/** A collection's page (GET /collections/:id), which also carries `catalogue` (its parts are movies). */
export const collectionTag = (collectionId: number) => `collection:${collectionId}`

/** Any change that can move a movie in lists or search (new movie, metadata, rating). */
export async function invalidateMovie(movieId: number) {
  await Promise.all([
    invalidateMovieDetails([movieId]),
    cache.deleteByTag({ tags: [CATALOGUE_TAG, movieTag(movieId)] }),
  ])
}

/** Many movies at once (imports): their details, pages showing them, and every list. */
export async function invalidateMovies(movieIds: number[]) {
  if (!movieIds.length) return
  await Promise.all([
    invalidateMovieDetails(movieIds),
    cache.deleteByTag({ tags: [CATALOGUE_TAG, ...movieIds.map(movieTag)] }),
  ])
}

/** Bulk changes (imports, trending refresh): drop every catalogue entry. */
export async function invalidateCatalogue() {
  await cache.deleteByTag({ tags: [CATALOGUE_TAG] })
}

/** Bulk changes of many details too (imports). */
export async function invalidateAllMovies() {
  await Promise.all([invalidateAllMovieDetails(), cache.clear()])
}

/**
 * A collection changed (name, images, overview, parts): its page, and the
 * details of its parts (MovieDetail.collection shows its name and poster).
 */
export async function invalidateCollection(collectionId: number) {
  const parts: { id: number }[] = await db.from('movies').where('collection_id', collectionId).select('id')
  await Promise.all([
    invalidateMovieDetails(parts.map((part) => part.id)),
    cache.deleteByTag({ tags: [collectionTag(collectionId)] }),
  ])
}
