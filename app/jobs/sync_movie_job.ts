import { UnrecoverableError } from 'bullmq'
import BaseJob from '#jobs/base_job'
import { TmdbNotFoundError, isPermanentTmdbError } from '#services/tmdb/errors'
import { syncMovie } from '#services/tmdb/movie_sync_service'

export interface SyncMoviePayload {
  tmdbId: number
  /** Gap filling (backfill, --gaps): no notifications for blanks filled in. */
  quiet?: boolean
}

export interface SyncMovieJobResult {
  movieId: number
  tmdbId: number
  created: boolean
  changedFields: string[]
}

/** TMDB answered 404: our movie is marked `tmdb_status = 'not_found'`, a settled outcome rather than a failure. */
export interface SyncMovieNotFoundResult {
  tmdbId: number
  notFound: true
}

/**
 * Fetches one movie from TMDB and upserts it (metadata, genres, keywords,
 * people, cast, crew). Runs on the metadata queue, whose worker stays under
 * TMDB's rate limit.
 *
 */
export default class SyncMovieJob extends BaseJob<SyncMoviePayload> {
  static jobName = 'sync-movie' as const

  static jobId(payload: SyncMoviePayload) {
    return `movie-sync-${payload.tmdbId}`
  }

  async handle(payload: SyncMoviePayload): Promise<SyncMovieJobResult | SyncMovieNotFoundResult> {
    const { tmdbId } = payload
    try {
      const { movie, created, changedFields } = await syncMovie(tmdbId, { announce: payload.quiet !== true })
      return { movieId: movie.id, tmdbId, created, changedFields }
    } catch (error) {
      // Not on TMDB is an answer, not an error: the job completes, the movie is marked (syncMovie).
      if (error instanceof TmdbNotFoundError) return { tmdbId, notFound: true }
      // Retrying cannot fix a missing movie or a bad token: fail now, keep the reason.
      if (isPermanentTmdbError(error)) throw new UnrecoverableError((error as Error).message)
      throw error
    }
  }
}
