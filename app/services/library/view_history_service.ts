import redis from '@adonisjs/redis/services/main'
import logger from '@adonisjs/core/services/logger'
import ViewHistoryEntry from '#models/view_history_entry'
import FlushViewHistoryJob from '#jobs/flush_view_history_job'
import { PENDING_VIEWS_KEY, flushPendingViews } from '#services/library/view_history_flush'
import type User from '#models/user'
import { movieSummaries } from '#services/catalogue/movie_summaries'
import { paginationMeta, type Page, type PageRequest } from '#services/http/pagination'
import HistoryEntryTransformer, { type HistoryResource } from '#transformers/history_entry_transformer'

export type { HistoryResource } from '#transformers/history_entry_transformer'

/**
 * Records movie detail views off the request path: the view is pushed on a
 * Redis list (one RPUSH, not awaited by the response) and a flush job
 * queued at most once per FLUSH_DELAY_MS window upserts a whole batch in
 * one statement (view_history_flush.ts). Reading the history flushes
 * first, so users see the movie they just opened.
 */
export default class ViewHistoryService {
  /** Fire and forget: never fails or slows the caller. */
  static record(userId: number, movieId: number) {
    const entry = `${userId}:${movieId}:${Date.now()}`
    redis
      .rpush(PENDING_VIEWS_KEY, entry)
      .then(() => FlushViewHistoryJob.schedule())
      .catch((error: Error) => logger.warn({ err: error.message, userId, movieId }, 'could not record a movie view'))
  }

  async list(user: User, page: PageRequest, path: string, query: Record<string, unknown>): Promise<Page<HistoryResource>> {
    await flushPendingViews()
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
