import BaseJob from '#jobs/base_job'
import { countGapMovies, gapTmdbIds } from '#services/tmdb/gap_service'
import { enqueueMovieSyncs } from '#services/tmdb/tmdb_refresh_service'

export interface BackfillGapsPayload {
  /** Movies queued per run (the schedule's rate: the metadata worker's limiter paces the requests). */
  limit?: number
}

/** Per hourly run: 500 movies an hour fills a 10,000-movie catalogue in a day without crowding other syncs. */
export const BACKFILL_BATCH = 500

/**
 * Fills, a batch per run, what movies still lack that TMDB has (credits,
 * images, certifications and the people of the credits): gap_service picks
 * them, SyncMovieJob fetches each (quietly: filling blanks is no news).
 * Scheduled hourly on the metadata queue.
 */
export default class BackfillGapsJob extends BaseJob<BackfillGapsPayload> {
  static jobName = 'backfill-gaps' as const

  static jobId() {
    return 'backfill-gaps'
  }

  async handle(payload: BackfillGapsPayload) {
    const limit = Math.max(1, Math.min(payload?.limit ?? BACKFILL_BATCH, 10_000))
    const ids = await gapTmdbIds({ limit })
    const jobs = await enqueueMovieSyncs(ids, { quiet: true })
    return { queued: jobs.length, remaining: Math.max(0, (await countGapMovies()) - jobs.length) }
  }
}
