import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Series from '#models/series'
import SyncSeriesJob from '#jobs/sync_series_job'
import { invalidateSeriesCatalogue } from '#services/catalogue/series_cache'
import TmdbClient from '#services/tmdb/tmdb_client'
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

/** TMDB serves at most 500 pages of any list. */
const MAX_PAGES = 500
/** Advisory lock of series list refreshes (the movie refreshes use 7_310_001). */
const SERIES_LIST_REFRESH_LOCK = 7_310_002

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
  const items = await fetchPages(fetchPage, pages)

  if (list === 'on-the-air') {
    const queued = await enqueueSeriesSyncs(items.map((item) => item.id))
    return { list, fetched: items.length, updated: 0, queued: queued.length }
  }

  const known = await knownSeries(items.map((item) => item.id))
  const trendingColumn =
    list === 'trending-day' ? 'trending_day' : list === 'trending-week' ? 'trending_week' : null
  await db.transaction(async (trx) => {
    await trx.rawQuery('SELECT pg_advisory_xact_lock(?)', [SERIES_LIST_REFRESH_LOCK])
    if (trendingColumn) {
      await Series.query({ client: trx }).whereNot(trendingColumn, 0).update({ [trendingColumn]: 0 })
    }
    for (const [rank, item] of items.entries()) {
      if (!known.has(item.id)) continue
      const extra: Record<string, number> = {}
      if (trendingColumn) {
        extra[trendingColumn] = Math.round((10_000 * (items.length - rank)) / items.length) / 100
      }
      await updateFigures(trx, item, extra)
    }
  })
  await invalidateSeriesCatalogue()

  const queued = await enqueueSeriesSyncs(items.filter((item) => !known.has(item.id)).map((item) => item.id))
  return { list, fetched: items.length, updated: known.size, queued: queued.length }
}

async function fetchPages(fetchPage: (page: number) => Promise<TmdbPage<TmdbTvListItem>>, pages: number) {
  const items: TmdbTvListItem[] = []
  const seen = new Set<number>()
  let totalPages = 1
  for (let page = 1; page <= Math.min(pages, totalPages, MAX_PAGES); page++) {
    const body = await fetchPage(page)
    totalPages = body.total_pages
    for (const item of body.results) {
      // Lists shift while being paged: keep each show once, at its best rank.
      if (seen.has(item.id)) continue
      seen.add(item.id)
      items.push(item)
    }
  }
  return items
}

/** tmdb_id → series id of the given ids we have. */
async function knownSeries(tmdbIds: number[]) {
  const map = new Map<number, number>()
  if (!tmdbIds.length) return map
  const rows = await Series.query().whereIn('tmdb_id', tmdbIds).select('id', 'tmdb_id')
  for (const row of rows) map.set(row.tmdbId, row.id)
  return map
}

async function updateFigures(trx: TransactionClientContract, item: TmdbTvListItem, extra: Record<string, number>) {
  const figures: Record<string, number> = { ...extra }
  if (Number.isFinite(item.popularity)) figures.popularity = item.popularity
  if (Number.isFinite(item.vote_average)) figures.vote_average = item.vote_average
  if (Number.isFinite(item.vote_count)) figures.vote_count = item.vote_count
  await Series.query({ client: trx }).where('tmdb_id', item.id).update(figures)
}
