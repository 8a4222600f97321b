import SyncSeriesJob from '#jobs/sync_series_job'
import { SERIES_KIND } from '#services/catalogue/title_kinds'
import TmdbClient from '#services/tmdb/tmdb_client'
import { fetchListPages, knownTitles, storeListFigures } from '#services/tmdb/title_lists'
import type { TmdbPage, TmdbTvListItem } from '#services/tmdb/types'

/** TMDB's TV lists this project follows. */
export const SERIES_LISTS = ['trending-day', 'trending-week', 'popular', 'top-rated', 'on-the-air'] as const
export type SeriesList = (typeof SERIES_LISTS)[number]

export const DEFAULT_SERIES_PAGES: Record<SeriesList, number> = {
  'trending-day': 3,
  'trending-week': 3,
  'popular': 5,
  'top-rated': 5,
  'on-the-air': 3,
}

/** Queues one SyncSeriesJob per distinct id (each deduplicated by its job id). */
export async function enqueueSeriesSyncs(tmdbIds: Iterable<number>) {
  const ids = [...new Set(tmdbIds)]
  return Promise.all(ids.map((tmdbId) => SyncSeriesJob.dispatch({ tmdbId })))
}

/**
 * Reads one of TMDB's TV lists and:
 * - trending: stores rank-based scores (first of N gets 100, the last 100/N,
 *   every other show 0) in series.trending_day/_week;
 * - popular, top rated: refreshes popularity and votes of the shows we have;
 * - on the air: re-syncs every listed show (new episodes keep coming).
 * Listed shows we do not have yet are queued for a full sync.
 */
export async function refreshSeriesList(list: SeriesList, options: { pages?: number; client?: TmdbClient } = {}) {
  const client = options.client ?? TmdbClient.fromEnv()
  const pages = options.pages ?? DEFAULT_SERIES_PAGES[list]
  const fetchPage = (page: number): Promise<TmdbPage<TmdbTvListItem>> => {
    switch (list) {
      case 'trending-day':
        return client.trendingTv('day', page)
      case 'trending-week':
        return client.trendingTv('week', page)
      case 'popular':
        return client.popularTv(page)
      case 'top-rated':
        return client.topRatedTv(page)
      case 'on-the-air':
        return client.onTheAirTv(page)
    }
  }
  const items = await fetchListPages(fetchPage, pages)

  if (list === 'on-the-air') {
    const queued = await enqueueSeriesSyncs(items.map((item) => item.id))
    return { list, fetched: items.length, updated: 0, queued: queued.length }
  }

  const known = await knownTitles(SERIES_KIND, items.map((item) => item.id))
  const trendingColumn =
    list === 'trending-day' ? 'trending_day' : list === 'trending-week' ? 'trending_week' : null
  await storeListFigures(SERIES_KIND, items, known, trendingColumn)

  const queued = await enqueueSeriesSyncs(items.filter((item) => !known.has(item.id)).map((item) => item.id))
  return { list, fetched: items.length, updated: known.size, queued: queued.length }
}
