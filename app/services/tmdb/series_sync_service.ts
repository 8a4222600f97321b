import db from '@adonisjs/lucid/services/db'
import type Series from '#models/series'
import { invalidateSeries } from '#services/catalogue/series_cache'
import TmdbClient from '#services/tmdb/tmdb_client'
import { applyTmdbSeries } from '#services/tmdb/series_upsert'
import type { TmdbTvSeason } from '#services/tmdb/types'

export interface SyncSeriesResult {
  series: Series
  created: boolean
  changedFields: string[]
  seasons: number
  episodes: number
}

/**
 * Fetches a show from TMDB (details with credits, keywords, content ratings
 * and external ids in one call, then each listed season with its episodes)
 * and writes it all in one transaction: every fetch happens first, so a
 * failed season request leaves the database as it was.
 *
 * Throws TmdbNotFoundError when TMDB has no such show, TmdbError on other
 * API failures (after the client's retries).
 */
export async function syncSeries(
  tmdbId: number,
  options: { client?: TmdbClient } = {}
): Promise<SyncSeriesResult> {
  const client = options.client ?? TmdbClient.fromEnv()
  const details = await client.tv(tmdbId)
  const seasons: TmdbTvSeason[] = []
  // One after the other: a show is a handful of requests, and TMDB's rate limit is per client.
  for (const { season_number: number } of details.seasons ?? []) {
    seasons.push(await client.tvSeason(tmdbId, number))
  }
  const result = await db.transaction((trx) => applyTmdbSeries(details, seasons, trx))
  await invalidateSeries(result.series.id)
  return result
}
