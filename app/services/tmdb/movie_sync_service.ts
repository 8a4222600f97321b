import db from '@adonisjs/lucid/services/db'
import Movie from '#models/movie'
import { invalidateCollection, invalidateMovie } from '#services/catalogue/catalogue_cache'
import TmdbClient from '#services/tmdb/tmdb_client'
import { TmdbNotFoundError } from '#services/tmdb/errors'
import { applyTmdbMovie } from '#services/tmdb/movie_upsert'
import MovieAddedNotificationJob from '#jobs/movie_added_notification_job'
import FavoriteUpdateNotificationJob from '#jobs/favorite_update_notification_job'
import AvailabilityNotificationJob from '#jobs/availability_notification_job'
import { applyWatchProviders, type WatchProvidersResult } from '#services/tmdb/watch_provider_sync'
import type { DetailChange } from '#services/notifications/movie_notifications'

export interface SyncMovieResult {
  movie: Movie
  created: boolean
  /** Columns (snake_case) and relations that changed; empty when TMDB had nothing new. */
  changedFields: string[]
}

/**
 * The details a fan hears about when a re-sync changes them. TMDB's figures
 * (popularity, votes) move daily and are no news.
 */
const FAVORITE_DETAILS: { field: string; label: string; value: (movie: Movie) => unknown }[] = [
  { field: 'title', label: 'title', value: (movie) => movie.title },
  { field: 'overview', label: 'overview', value: (movie) => movie.overview },
  { field: 'tagline', label: 'tagline', value: (movie) => movie.tagline },
  // Compared as dates: the stored value comes back in another zone.
  { field: 'release_date', label: 'release date', value: (movie) => movie.releaseDate?.toISODate() ?? null },
  { field: 'runtime', label: 'runtime', value: (movie) => movie.runtime },
  { field: 'poster_path', label: 'poster', value: (movie) => movie.posterPath },
  { field: 'status', label: 'status', value: (movie) => movie.status },
]

/**
 * Fetches a movie from TMDB (details, credits, keywords, release dates,
 * external ids, videos and watch providers in one call) and writes it in one
 * transaction: created when unknown, updated otherwise, never deleted,
 * never blanked (its watch providers are TMDB's current ones).
 *
 * Then queues the notifications (the jobs write them): `movie_added` for a
 * movie new to the catalogue, `favorite_update` when a re-sync changed its
 * details, `availability` when it arrived on a streaming provider. The
 * bulk importers (tmdb:import-dump, MovieLens) call
 * applyTmdbMovie / COPY directly and announce nothing on purpose: they load
 * the existing back catalogue, hundreds of thousands of titles nobody
 * would want a notification for.
 *
 * Throws TmdbNotFoundError when TMDB has no such movie (after marking our
 * movie with that tmdb_id `tmdb_status = 'not_found'`, so syncs stop asking),
 * TmdbError on other API failures (after the client's retries).
 */
export async function syncMovie(
  tmdbId: number,
  options: {
    client?: TmdbClient
    /** false for bulk gap filling (bootstrap, backfill): blanks filled in are no news to fans. */
    announce?: boolean
  } = {}
): Promise<SyncMovieResult> {
  const client = options.client ?? TmdbClient.fromEnv()
  let details: Awaited<ReturnType<TmdbClient['movie']>>
  try {
    details = await client.movie(tmdbId)
  } catch (error) {
    if (error instanceof TmdbNotFoundError) await markNotOnTmdb(tmdbId)
    throw error
  }
  const { before, result, watch } = await db.transaction(async (trx) => {
    // The movie as it was (locked: the upsert below reads the same row).
    const previous = await Movie.query({ client: trx }).where('tmdb_id', tmdbId).forUpdate().first()
    const applied = await applyTmdbMovie(details, { client: trx, create: true })
    // Found (again): a movie once missing on TMDB is back in the syncs.
    await trx.from('movies').where('tmdb_id', tmdbId).update({ tmdb_status: null, tmdb_checked_at: new Date() })
    // Where it can be watched (TMDB's `watch/providers`), with the arrivals since the last sync.
    const providers: WatchProvidersResult | null = details['watch/providers']
      ? await applyWatchProviders(applied!.movie.id, details['watch/providers'], trx)
      : null
    return { before: previous, result: applied, watch: providers }
  })
  // create: true always yields a result.
  const { movie, created, changedFields } = result!
  if (watch?.changed && !created) changedFields.push('watch_providers')
  await invalidateMovie(movie.id)
  // A renamed (or re-imaged) collection shows in the details of all its parts.
  if (changedFields.includes('collection') && movie.collectionId) await invalidateCollection(movie.collectionId)

  if (options.announce === false) {
    // Bulk fill: no notifications (like the importers).
  } else if (created) {
    await MovieAddedNotificationJob.dispatch({ movieId: movie.id })
  } else if (before?.metadataSyncedAt) {
    // A first sync (a MovieLens title getting its TMDB details) fills the movie in; it changes nothing a fan knew.
    const changes: DetailChange[] = FAVORITE_DETAILS.filter(
      (detail) => detail.value(before) !== detail.value(movie)
    ).map(({ field, label }) => ({ field, label }))
    if (changes.length) {
      await FavoriteUpdateNotificationJob.dispatch({ movieId: movie.id, changes, syncedAt: movie.metadataSyncedAt!.toISO()! })
    }
  }
  // A new movie's first providers are no arrival (applyWatchProviders reports none for a first sync anyway).
  if (options.announce !== false && !created && watch?.arrivals.length) {
    await AvailabilityNotificationJob.dispatch({ movieId: movie.id, arrivals: watch.arrivals, seenAt: watch.seenAt.toISO()! })
  }
  return { movie, created, changedFields }
}

/** Marks the movie linked to `tmdbId` as missing on TMDB (404); returns how many rows were marked. */
export async function markNotOnTmdb(tmdbId: number): Promise<number> {
  const updated = await db
    .from('movies')
    .where('tmdb_id', tmdbId)
    .update({ tmdb_status: 'not_found', tmdb_checked_at: new Date() })
  return Number(updated)
}
