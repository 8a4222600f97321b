import { UnrecoverableError } from 'bullmq'
import BaseJob from '#jobs/base_job'
import { TmdbNotFoundError, isPermanentTmdbError } from '#services/tmdb/errors'
import { syncPerson } from '#services/tmdb/person_sync_service'
import SyncMovieJob from '#jobs/sync_movie_job'

export interface SyncPersonPayload {
  tmdbId: number
}

export type SyncPersonJobResult =
  | { tmdbId: number; personId: number; changedFields: string[]; queuedMovieSyncs: number }
  /** TMDB answered 404: the person is marked; settled, not failed. */
  | { tmdbId: number; notFound: true }
  /** No person of ours has this TMDB id (nothing to fill). */
  | { tmdbId: number; skipped: 'not in the catalogue' }

/**
 * Fetches one person's TMDB page (biography, dates, place of birth) for a
 * person the credits brought in, and queues the syncs of catalogue movies
 * in their filmography that still lack credits. Runs on the metadata queue, whose worker
 * stays under TMDB's rate limit; queued by the gap filling.
 */
export default class SyncPersonJob extends BaseJob<SyncPersonPayload> {
  static jobName = 'sync-person' as const

  static jobId(payload: SyncPersonPayload) {
    return `person-sync-${payload.tmdbId}`
  }

  async handle(payload: SyncPersonPayload): Promise<SyncPersonJobResult> {
    const { tmdbId } = payload
    try {
      const result = await syncPerson(tmdbId, { filmography: true })
      if (!result) return { tmdbId, skipped: 'not in the catalogue' }
      // Their credits, the person's among them, come with each movie's own sync (quiet: a gap filled).
      await Promise.all(result.moviesLackingCredits.map((movieTmdbId) => SyncMovieJob.dispatch({ tmdbId: movieTmdbId, quiet: true })))
      return {
        tmdbId,
        personId: result.personId,
        changedFields: result.changedFields,
        queuedMovieSyncs: result.moviesLackingCredits.length,
      }
    } catch (error) {
      if (error instanceof TmdbNotFoundError) return { tmdbId, notFound: true }
      if (isPermanentTmdbError(error)) throw new UnrecoverableError((error as Error).message)
      throw error
    }
  }
}
