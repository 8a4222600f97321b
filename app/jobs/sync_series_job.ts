import { UnrecoverableError } from 'bullmq'
import BaseJob from '#jobs/base_job'
import { isPermanentTmdbError } from '#services/tmdb/errors'
import { syncSeries } from '#services/tmdb/series_sync_service'

export interface SyncSeriesPayload {
  tmdbId: number
}

export interface SyncSeriesJobResult {
  seriesId: number
  tmdbId: number
  created: boolean
  changedFields: string[]
  seasons: number
  episodes: number
}

/**
 * Fetches one TV show from TMDB (details, then each season) and upserts it
 * with its genres, keywords, networks, cast, seasons and episodes. Runs on
 * the metadata queue, whose worker stays under TMDB's rate limit. Generic
 * over its payload for BaseJob.dispatch's sake (see SyncMovieJob).
 */
export default class SyncSeriesJob extends BaseJob<SyncSeriesPayload> {
  static jobName = 'sync-series' as const

  static jobId(payload: SyncSeriesPayload) {
    return `series-sync-${payload.tmdbId}`
  }

  async handle(payload: SyncSeriesPayload): Promise<SyncSeriesJobResult> {
    const { tmdbId } = payload
    try {
      const result = await syncSeries(tmdbId)
      return {
        seriesId: result.series.id,
        tmdbId,
        created: result.created,
        changedFields: result.changedFields,
        seasons: result.seasons,
        episodes: result.episodes,
      }
    } catch (error) {
      // Retrying cannot fix a missing show or a bad token: fail now, keep the reason.
      if (isPermanentTmdbError(error)) throw new UnrecoverableError((error as Error).message)
      throw error
    }
  }
}
