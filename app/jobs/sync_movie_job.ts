import { UnrecoverableError, type JobsOptions } from 'bullmq'
import BaseJob from '#jobs/base_job'
import type { QueueName } from '#config/queue'
import { clearFinishedJob } from '#services/tmdb/job_dispatch'
import { isPermanentTmdbError } from '#services/tmdb/errors'
import { syncMovie } from '#services/tmdb/movie_sync_service'

export interface SyncMoviePayload {
  tmdbId: number
}

export interface SyncMovieJobResult {
  movieId: number
  tmdbId: number
  created: boolean
  changedFields: string[]
}

/**
 * Fetches one movie from TMDB and upserts it (metadata, genres, keywords,
 * people, cast, crew). Runs on the metadata queue, whose worker stays under
 * TMDB's rate limit.
 *
 * The class is generic over its payload only because BaseJob.dispatch's
 * `this` constraint rejects a subclass whose `handle` takes a concrete type;
 * `dispatch` below still requires a SyncMoviePayload.
 */
export default class SyncMovieJob<Payload = SyncMoviePayload> extends BaseJob<Payload> {
  static queueName: QueueName = 'metadata'
  static jobName = 'sync-movie'

  static jobId(payload: SyncMoviePayload) {
    return `movie-sync-${payload.tmdbId}`
  }

  /** Dedups pending syncs; a finished sync of the same movie does not block a new one. */
  static async dispatch<P, T extends { new (): BaseJob<P> } & typeof BaseJob>(
    this: T,
    payload: P & SyncMoviePayload,
    options: JobsOptions = {}
  ) {
    await clearFinishedJob(this.queueName, options.jobId ?? this.jobId(payload))
    return super.dispatch<P, T>(payload, options)
  }

  async handle(payload: Payload): Promise<SyncMovieJobResult> {
    const { tmdbId } = payload as SyncMoviePayload
    try {
      const { movie, created, changedFields } = await syncMovie(tmdbId)
      return { movieId: movie.id, tmdbId, created, changedFields }
    } catch (error) {
      // Retrying cannot fix a missing movie or a bad token: fail now, keep the reason.
      if (isPermanentTmdbError(error)) throw new UnrecoverableError((error as Error).message)
      throw error
    }
  }
}
