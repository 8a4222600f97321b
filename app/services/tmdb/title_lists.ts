import db from '@adonisjs/lucid/services/db'
import type { TmdbPage } from '#services/tmdb/types'
import type { TitleKind } from '#services/catalogue/title_kinds'

/*
| What the TMDB list refreshes of movies (tmdb_refresh_service.ts) and of
| series (series_refresh_service.ts) share: paging a list, finding the
| titles we have, and storing their figures and trending scores. The kind
| (title_kinds.ts) names the table, the lock and the caches.
*/

/** TMDB serves at most 500 pages of any list. */
export const MAX_LIST_PAGES = 500

/** A list item's id and the figures a refresh stores. */
export interface TmdbListFigures {
  id: number
  popularity?: number | null
  vote_average?: number | null
  vote_count?: number | null
}

/** Up to `pages` pages of a list, each title once at its best rank (lists shift while being paged). */
export async function fetchListPages<Item extends { id: number }>(
  fetchPage: (page: number) => Promise<TmdbPage<Item>>,
  pages: number
): Promise<Item[]> {
  const items: Item[] = []
  const seen = new Set<number>()
  let totalPages = 1
  for (let page = 1; page <= Math.min(pages, totalPages, MAX_LIST_PAGES); page++) {
    const body = await fetchPage(page)
    totalPages = body.total_pages
    for (const item of body.results) {
      if (seen.has(item.id)) continue
      seen.add(item.id)
      items.push(item)
    }
  }
  return items
}

/** tmdb_id → our id of the given TMDB ids we have. */
export async function knownTitles(kind: TitleKind, tmdbIds: number[]): Promise<Map<number, number>> {
  const map = new Map<number, number>()
  if (!tmdbIds.length) return map
  const rows: { id: number; tmdb_id: number }[] = await db.from(kind.table).whereIn('tmdb_id', tmdbIds).select('id', 'tmdb_id')
  for (const row of rows) map.set(row.tmdb_id, row.id)
  return map
}

/**
 * Stores the listed titles' TMDB figures (the ones we have), and with a
 * trending column, rank-based scores (first of N gets 100, the last 100/N,
 * every other title 0); then drops the kind's cached lists. Refreshes of one
 * kind update many rows in one transaction; two at once (trending day and
 * week) could lock them in opposite orders and deadlock, so they take turns
 * on the kind's advisory lock.
 */
export async function storeListFigures(
  kind: TitleKind,
  items: TmdbListFigures[],
  known: Map<number, number>,
  trendingColumn: 'trending_day' | 'trending_week' | null
) {
  await db.transaction(async (trx) => {
    await trx.rawQuery('SELECT pg_advisory_xact_lock(?)', [kind.listRefreshLock])
    if (trendingColumn) await trx.from(kind.table).whereNot(trendingColumn, 0).update({ [trendingColumn]: 0 })
    for (const [rank, item] of items.entries()) {
      if (!known.has(item.id)) continue
      const figures: Record<string, number> = {}
      if (trendingColumn) figures[trendingColumn] = Math.round((10_000 * (items.length - rank)) / items.length) / 100
      if (Number.isFinite(item.popularity)) figures.popularity = item.popularity!
      if (Number.isFinite(item.vote_average)) figures.vote_average = item.vote_average!
      if (Number.isFinite(item.vote_count)) figures.vote_count = item.vote_count!
      if (Object.keys(figures).length) await trx.from(kind.table).where('tmdb_id', item.id).update(figures)
    }
  })
  await kind.invalidateLists()
}
