import db from '@adonisjs/lucid/services/db'
import type Movie from '#models/movie'
import { invalidateMovie } from '#services/catalogue_cache'
import TmdbClient from '#services/tmdb/tmdb_client'
import { applyTmdbMovie } from '#services/tmdb/movie_upsert'

export interface SyncMovieResult {
  movie: Movie
  created: boolean
  /** Columns (snake_case) and relations that changed; empty when TMDB had nothing new. */
  changedFields: string[]
}

/**
 * Fetches a movie from TMDB (details, credits, keywords, release dates and
 * external ids in one call) and writes it in one transaction: created when
 * unknown, updated otherwise, never deleted, never blanked.
 *
 * Throws TmdbNotFoundError when TMDB has no such movie, TmdbError on other
 * API failures (after the client's retries).
 */
export async function syncMovie(
  tmdbId: number,
  options: { client?: TmdbClient } = {}
): Promise<SyncMovieResult> {
  const client = options.client ?? TmdbClient.fromEnv()
  const details = await client.movie(tmdbId)
  const result = await db.transaction((trx) => applyTmdbMovie(details, { client: trx, create: true }))
  // create: true always yields a result.
  const { movie, created, changedFields } = result!
  await invalidateMovie(movie.id)
  return { movie, created, changedFields }
}
