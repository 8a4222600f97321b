import BaseJob from '#jobs/base_job'
import { countFillableGaps, gapCollectionTmdbIds, gapPersonTmdbIds, gapTmdbIds } from '#services/tmdb/gap_service'
import { enqueueCollectionSyncs, enqueueMovieSyncs, enqueuePersonSyncs } from '#services/tmdb/tmdb_refresh_service'

export interface BackfillGapsPayload {
  /** TMDB fetches queued per run (the schedule's rate: the metadata worker's limiter paces the requests). */
  limit?: number
}

/** Per hourly run: 500 fetches an hour fills a 10,000-movie catalogue in a day without crowding other syncs. */
export const BACKFILL_BATCH = 500

/**
 * Fills, a batch per run, what TMDB has and we lack (gap_service): movies
 * first (credits, images, certifications; their syncs bring in people and
 * collections), then collections' pages, then people's pages, within one
 * budget of `limit` fetches. Scheduled hourly on the metadata queue.
 */
export default class BackfillGapsJob extends BaseJob<BackfillGapsPayload> {
  static jobName = 'backfill-gaps' as const

  static jobId() {
    return 'backfill-gaps'
  }

  async handle(payload: BackfillGapsPayload) {
    const limit = Math.max(1, Math.min(payload?.limit ?? BACKFILL_BATCH, 10_000))
    // Counted first: the syncs queued below may run (and bring in people) before this job returns.
    const gaps = await countFillableGaps()
    const movies = await enqueueMovieSyncs(await gapTmdbIds({ limit }), { quiet: true })
    let budget = limit - movies.length
    const collections = budget > 0 ? await enqueueCollectionSyncs(await gapCollectionTmdbIds({ limit: budget })) : []
    budget -= collections.length
    const people = budget > 0 ? await enqueuePersonSyncs(await gapPersonTmdbIds({ limit: budget })) : []
    const queued = movies.length + collections.length + people.length
    return {
      queued,
      movies: movies.length,
      collections: collections.length,
      people: people.length,
      remaining: Math.max(0, gaps.total - queued),
    }
  }
}
