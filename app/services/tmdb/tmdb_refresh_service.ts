import SyncMovieJob from '#jobs/sync_movie_job'
import SyncPersonJob from '#jobs/sync_person_job'
import SyncCollectionJob from '#jobs/sync_collection_job'
import { MOVIE_KIND } from '#services/catalogue/title_kinds'
import TmdbClient from '#services/tmdb/tmdb_client'
import { fetchListPages, knownTitles, MAX_LIST_PAGES, storeListFigures } from '#services/tmdb/title_lists'
import type { TrendingWindow } from '#services/tmdb/types'

/** /movie/changes covers at most 14 days. */
export const MAX_CHANGES_HOURS = 14 * 24

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
  const items = await fetchListPages((page) => client.trending(window, page), options.pages ?? DEFAULT_PAGES.trending)
  const known = await knownTitles(MOVIE_KIND, items.map((item) => item.id))
  await storeListFigures(MOVIE_KIND, items, known, window === 'day' ? 'trending_day' : 'trending_week')

  const queued = await enqueueMovieSyncs(items.filter((item) => !known.has(item.id)).map((item) => item.id))
  return { window, fetched: items.length, scored: known.size, queued: queued.length }
}

/** Refreshes popularity and votes of popular titles we have; queues the others. */
export async function refreshPopular(options: { pages?: number; client?: TmdbClient } = {}) {
  const client = options.client ?? TmdbClient.fromEnv()
  const items = await fetchListPages((page) => client.popular(page), options.pages ?? DEFAULT_PAGES.popular)
  const known = await knownTitles(MOVIE_KIND, items.map((item) => item.id))
  await storeListFigures(MOVIE_KIND, items, known, null)

  const queued = await enqueueMovieSyncs(items.filter((item) => !known.has(item.id)).map((item) => item.id))
  return { fetched: items.length, updated: known.size, queued: queued.length }
}

/** Upcoming titles change (dates, certification, cast) until release: sync them all. */
export async function refreshUpcoming(options: { pages?: number; client?: TmdbClient } = {}) {
  const client = options.client ?? TmdbClient.fromEnv()
  const items = await fetchListPages((page) => client.upcoming(page), options.pages ?? DEFAULT_PAGES.upcoming)
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
  for (let page = 1; page <= Math.min(totalPages, MAX_LIST_PAGES); page++) {
    const body = await client.changes({ startDate, endDate, page })
    totalPages = body.total_pages
    for (const item of body.results) changed.add(item.id)
  }

  const ours = new Set<number>()
  const ids = [...changed]
  for (let start = 0; start < ids.length; start += 1000) {
    for (const id of (await knownTitles(MOVIE_KIND, ids.slice(start, start + 1000))).keys()) ours.add(id)
  }
  const queued = await enqueueMovieSyncs(ours)
  return { startDate, endDate, changed: changed.size, queued: queued.length, tmdbIds: [...ours] }
}
