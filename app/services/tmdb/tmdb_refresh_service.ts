import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Movie from '#models/movie'
import SyncMovieJob from '#jobs/sync_movie_job'
import SyncPersonJob from '#jobs/sync_person_job'
import SyncCollectionJob from '#jobs/sync_collection_job'
import { invalidateCatalogue } from '#services/catalogue/catalogue_cache'
import TmdbClient from '#services/tmdb/tmdb_client'
import type { TmdbMovieListItem, TmdbPage, TrendingWindow } from '#services/tmdb/types'

/** TMDB serves at most 500 pages of any list. */
const MAX_PAGES = 500
/** /movie/changes covers at most 14 days. */
export const MAX_CHANGES_HOURS = 14 * 24

/** Advisory lock key of list refreshes (any constant unique to this use). */
const LIST_REFRESH_LOCK = 7_310_001

export const DEFAULT_PAGES = { trending: 3, popular: 5, upcoming: 3 } as const

/** Queues one SyncMovieJob per distinct id (each deduplicated by its job id). */
export async function enqueueMovieSyncs(tmdbIds: Iterable<number>, options: { quiet?: boolean } = {}) {
  const ids = [...new Set(tmdbIds)]
  return Promise.all(ids.map((tmdbId) => SyncMovieJob.dispatch(options.quiet ? { tmdbId, quiet: true } : { tmdbId })))
}

/** Queues one SyncPersonJob per distinct id (a person's own page; deduplicated by job id). */
export async function enqueuePersonSyncs(tmdbIds: Iterable<number>) {
  return Promise.all([...new Set(tmdbIds)].map((tmdbId) => SyncPersonJob.dispatch({ tmdbId })))
}

/** Queues one SyncCollectionJob per distinct id (a collection's page and parts). */
export async function enqueueCollectionSyncs(tmdbIds: Iterable<number>) {
  return Promise.all([...new Set(tmdbIds)].map((tmdbId) => SyncCollectionJob.dispatch({ tmdbId })))
}

/**
 * Stores a trending window as rank-based scores (first of N gets 100, the
 * last 100/N; every other movie 0), refreshes the listed movies' TMDB
 * figures, and queues a sync for listed titles we do not have yet.
 */
export async function refreshTrending(
  window: TrendingWindow,
  options: { pages?: number; client?: TmdbClient } = {}
) {
  const client = options.client ?? TmdbClient.fromEnv()
  const items = await fetchPages((page) => client.trending(window, page), options.pages ?? DEFAULT_PAGES.trending)
  const column = window === 'day' ? 'trending_day' : 'trending_week'
  const known = await knownMovies(items.map((item) => item.id))

  await db.transaction(async (trx) => {
    await lockListRefresh(trx)
    await Movie.query({ client: trx }).whereNot(column, 0).update({ [column]: 0 })
    for (const [rank, item] of items.entries()) {
      if (!known.has(item.id)) continue
      const score = Math.round((10_000 * (items.length - rank)) / items.length) / 100
      await updateFigures(trx, item, { [column]: score })
    }
  })
  await invalidateCatalogue()

  const queued = await enqueueMovieSyncs(items.filter((item) => !known.has(item.id)).map((item) => item.id))
  return { window, fetched: items.length, scored: known.size, queued: queued.length }
}

/** Refreshes popularity and votes of popular titles we have; queues the others. */
export async function refreshPopular(options: { pages?: number; client?: TmdbClient } = {}) {
  const client = options.client ?? TmdbClient.fromEnv()
  const items = await fetchPages((page) => client.popular(page), options.pages ?? DEFAULT_PAGES.popular)
  const known = await knownMovies(items.map((item) => item.id))

  await db.transaction(async (trx) => {
    await lockListRefresh(trx)
    for (const item of items) {
      if (known.has(item.id)) await updateFigures(trx, item)
    }
  })
  await invalidateCatalogue()

  const queued = await enqueueMovieSyncs(items.filter((item) => !known.has(item.id)).map((item) => item.id))
  return { fetched: items.length, updated: known.size, queued: queued.length }
}

/** Upcoming titles change (dates, certification, cast) until release: sync them all. */
export async function refreshUpcoming(options: { pages?: number; client?: TmdbClient } = {}) {
  const client = options.client ?? TmdbClient.fromEnv()
  const items = await fetchPages((page) => client.upcoming(page), options.pages ?? DEFAULT_PAGES.upcoming)
  const queued = await enqueueMovieSyncs(items.map((item) => item.id))
  return { fetched: items.length, queued: queued.length }
}

/**
 * Queues a sync for every movie of ours that TMDB lists as changed in the
 * last `hours` (TMDB's window is by whole days, so a little more is covered).
 */
export async function syncRecentChanges(
  options: { hours?: number; now?: Date; client?: TmdbClient } = {}
) {
  const hours = options.hours ?? 24
  if (!Number.isFinite(hours) || hours <= 0 || hours > MAX_CHANGES_HOURS) {
    throw new RangeError(`hours must be between 1 and ${MAX_CHANGES_HOURS} (TMDB keeps 14 days of changes)`)
  }
  const client = options.client ?? TmdbClient.fromEnv()
  const now = options.now ?? new Date()
  const startDate = new Date(now.getTime() - hours * 3_600_000).toISOString().slice(0, 10)
  const endDate = now.toISOString().slice(0, 10)

  const changed = new Set<number>()
  let totalPages = 1
  for (let page = 1; page <= Math.min(totalPages, MAX_PAGES); page++) {
    const body = await client.changes({ startDate, endDate, page })
    totalPages = body.total_pages
    for (const item of body.results) changed.add(item.id)
  }

  const ours = new Set<number>()
  const ids = [...changed]
  for (let start = 0; start < ids.length; start += 1000) {
    for (const id of (await knownMovies(ids.slice(start, start + 1000))).keys()) ours.add(id)
  }
  const queued = await enqueueMovieSyncs(ours)
  return { startDate, endDate, changed: changed.size, queued: queued.length, tmdbIds: [...ours] }
}

async function fetchPages(
  fetchPage: (page: number) => Promise<TmdbPage<TmdbMovieListItem>>,
  pages: number
) {
  const items: TmdbMovieListItem[] = []
  const seen = new Set<number>()
  let totalPages = 1
  for (let page = 1; page <= Math.min(pages, totalPages, MAX_PAGES); page++) {
    const body = await fetchPage(page)
    totalPages = body.total_pages
    for (const item of body.results) {
      // Lists shift while being paged: keep each title once, at its best rank.
      if (seen.has(item.id)) continue
      seen.add(item.id)
      items.push(item)
    }
  }
  return items
}

/** tmdb_id → movie id of the given ids we have. */
async function knownMovies(tmdbIds: number[]) {
  const map = new Map<number, number>()
  if (!tmdbIds.length) return map
  const movies = await Movie.query().whereIn('tmdb_id', tmdbIds).select('id', 'tmdb_id')
  for (const movie of movies) map.set(movie.tmdbId!, movie.id)
  return map
}

/**
 * List refreshes update many movie rows in one transaction; two at once
 * (trending day and week) could lock them in opposite orders and deadlock.
 * A transaction-scoped advisory lock runs them one after the other.
 */
async function lockListRefresh(trx: TransactionClientContract) {
  await trx.rawQuery('SELECT pg_advisory_xact_lock(?)', [LIST_REFRESH_LOCK])
}

/** TMDB's popularity and votes from a list item, plus any extra columns. */
async function updateFigures(
  trx: TransactionClientContract,
  item: TmdbMovieListItem,
  extra: Record<string, number> = {}
) {
  const figures: Record<string, number> = { ...extra }
  if (Number.isFinite(item.popularity)) figures.popularity = item.popularity
  if (Number.isFinite(item.vote_average)) figures.vote_average = item.vote_average
  if (Number.isFinite(item.vote_count)) figures.vote_count = item.vote_count
  await Movie.query({ client: trx }).where('tmdb_id', item.id).update(figures)
}
