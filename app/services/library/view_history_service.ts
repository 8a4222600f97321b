import redis from '@adonisjs/redis/services/main'
import logger from '@adonisjs/core/services/logger'
import db from '@adonisjs/lucid/services/db'
import ViewHistoryEntry from '#models/view_history_entry'
import type User from '#models/user'
import { movieSummaries } from '#services/catalogue/movie_summaries'
import { paginationMeta, type Page, type PageRequest } from '#services/http/pagination'
import HistoryEntryTransformer, { type HistoryResource } from '#transformers/history_entry_transformer'

/** Views waiting to be written: `userId:movieId:epochMs` strings. */
export const PENDING_VIEWS_KEY = 'view-history:pending'
const FLUSH_BATCH = 1000
/** How long views may wait in Redis before the flush job writes them. */
export const FLUSH_DELAY_MS = 5000

export type { HistoryResource } from '#transformers/history_entry_transformer'

interface Aggregate {
  user_id: number
  movie_id: number
  first_at: string
  last_at: string
  n: number
}

/**
 * Records movie detail views off the request path: the view is pushed on a
 * Redis list (one RPUSH, not awaited by the response) and a flush job
 * written at most once per FLUSH_DELAY_MS window upserts a whole batch in
 * one statement. Reading the history flushes first, so users see the
 * movie they just opened.
 */
export default class ViewHistoryService {
  /** Fire and forget: never fails or slows the caller. */
  static record(userId: number, movieId: number) {
    const entry = `${userId}:${movieId}:${Date.now()}`
    redis
      .rpush(PENDING_VIEWS_KEY, entry)
      .then(async () => {
        const { default: FlushViewHistoryJob } = await import('#jobs/flush_view_history_job')
        await FlushViewHistoryJob.schedule()
      })
      .catch((error: Error) => logger.warn({ err: error.message, userId, movieId }, 'could not record a movie view'))
  }

  /**
   * Moves pending views into view_history. Views of users or movies deleted
   * meanwhile are dropped. Best effort: a crash between LPOP and the insert
   * loses that batch of history, which is acceptable for browsing history.
   */
  async flushPending(maxBatches = 50): Promise<number> {
    let written = 0
    for (let batch = 0; batch < maxBatches; batch++) {
      const raw = await redis.lpop(PENDING_VIEWS_KEY, FLUSH_BATCH)
      if (!raw?.length) break
      const rows = aggregate(raw)
      if (rows.length) {
        // One bulk upsert per batch (this is the point of batching, hence raw SQL).
        await db.rawQuery(
          `INSERT INTO view_history (user_id, movie_id, first_viewed_at, last_viewed_at, view_count)
           SELECT v.user_id, v.movie_id, v.first_at, v.last_at, v.n
             FROM json_to_recordset(?::json) AS v(user_id int, movie_id int, first_at timestamptz, last_at timestamptz, n int)
             JOIN users u ON u.id = v.user_id
             JOIN movies m ON m.id = v.movie_id
           ON CONFLICT (user_id, movie_id) DO UPDATE SET
             first_viewed_at = least(view_history.first_viewed_at, excluded.first_viewed_at),
             last_viewed_at = greatest(view_history.last_viewed_at, excluded.last_viewed_at),
             view_count = view_history.view_count + excluded.view_count`,
          [JSON.stringify(rows)]
        )
      }
      written += raw.length
      if (raw.length < FLUSH_BATCH) break
    }
    return written
  }

  async list(user: User, page: PageRequest, path: string, query: Record<string, unknown>): Promise<Page<HistoryResource>> {
    await this.flushPending()
    const base = ViewHistoryEntry.query()
      .where('view_history.user_id', user.id)
      .join('movies', 'movies.id', 'view_history.movie_id')
      .where('movies.is_hidden', false)
    const [countRow] = await base.clone().count('* as total')
    const entries = await base
      .clone()
      .select('view_history.*')
      .orderBy('view_history.last_viewed_at', 'desc')
      .orderBy('view_history.movie_id', 'desc')
      .offset((page.page - 1) * page.perPage)
      .limit(page.perPage)
    const movies = await movieSummaries(
      entries.map((entry) => entry.movieId),
      user.id
    )
    return {
      data: entries.map((entry) => HistoryEntryTransformer.resource(entry, movies.get(entry.movieId)!)),
      meta: paginationMeta(Number(countRow.$extras.total), page, path, query),
    }
  }
}

/** One row per user and movie (an upsert may touch a row only once). */
function aggregate(raw: string[]): Aggregate[] {
  const rows = new Map<string, Aggregate>()
  for (const entry of raw) {
    const [userId, movieId, at] = entry.split(':').map(Number)
    if (!Number.isInteger(userId) || !Number.isInteger(movieId) || !Number.isFinite(at)) continue
    const key = `${userId}:${movieId}`
    const iso = new Date(at).toISOString()
    const row = rows.get(key)
    if (!row) {
      rows.set(key, { user_id: userId, movie_id: movieId, first_at: iso, last_at: iso, n: 1 })
    } else {
      if (iso < row.first_at) row.first_at = iso
      if (iso > row.last_at) row.last_at = iso
      row.n++
    }
  }
  return [...rows.values()]
}
