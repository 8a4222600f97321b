import db from '@adonisjs/lucid/services/db'
import BaseJob from '#jobs/base_job'
import { enqueueSeriesSyncs } from '#services/tmdb/series_refresh_service'

export type RefreshWatchlistSeriesPayload = Record<string, never>

/**
 * New seasons and episodes for every show on anyone's watchlist: one
 * SyncSeriesJob per show (deduplicated by its job id), paced by the
 * metadata worker's TMDB limiter. Scheduled daily.
 */
export default class RefreshWatchlistSeriesJob extends BaseJob<RefreshWatchlistSeriesPayload> {
  static jobName = 'refresh-watchlist-series' as const

  static jobId() {
    return 'refresh-watchlist-series'
  }

  async handle() {
    const rows: { tmdb_id: number }[] = await db
      .from('series')
      .whereExists((sub) => sub.from('series_watchlist_items').whereColumn('series_watchlist_items.series_id', 'series.id'))
      .select('series.tmdb_id')
    const queued = await enqueueSeriesSyncs(rows.map((row) => row.tmdb_id))
    return { queued: queued.length }
  }
}
