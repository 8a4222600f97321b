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
 * Views recorded during the current tick, pushed together on the next one,
 * and the window (FlushViewHistoryJob.jobId) this process last queued the
 * flush job for. Process-wide state, hence module variables: a signed-in
 * detail costs an array push instead of a Redis command and a BullMQ add.
 */
let buffered: string[] = []
let nextPush: Promise<void> | null = null
let lastPush: Promise<void> = Promise.resolve()
let scheduledWindow: string | null = null

async function pushBuffered(entries: string[]) {
  try {
    const length = await redis.rpush(PENDING_VIEWS_KEY, ...entries)
    // One job per window is all the job id lets through: ask once per window, and again
    // whenever the list was empty (a flush drained it, or a job was lost with Redis).
    const window = FlushViewHistoryJob.jobId()
    if (window !== scheduledWindow || length === entries.length) {
      scheduledWindow = window
      await FlushViewHistoryJob.schedule()
    }
  } catch (error) {
    scheduledWindow = null
    logger.warn({ err: (error as Error).message, views: entries.length }, 'could not record movie views')
  }
}

/**
 * Records movie detail views off the request path: views are buffered for
 * the rest of the tick and pushed on a Redis list in one RPUSH (not awaited
 * by the response), and a flush job queued at most once per FLUSH_DELAY_MS
 * window upserts a whole batch in one statement (view_history_flush.ts).
 * Reading the history pushes this process's buffer and flushes first, so
 * users see the movie they just opened.
 */
export default class ViewHistoryService {
  /** Fire and forget: never fails or slows the caller. */
  static record(userId: number, movieId: number) {
    buffered.push(`${userId}:${movieId}:${Date.now()}`)
    if (nextPush) return
    nextPush = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      const entries = buffered
      buffered = []
      nextPush = null
      return pushBuffered(entries)
    })
    lastPush = nextPush
  }

  /** Resolves once the views recorded so far in this process are on the Redis list. */
  static drain(): Promise<void> {
    return lastPush
  }

  async list(user: User, page: PageRequest, path: string, query: Record<string, unknown>): Promise<Page<HistoryResource>> {
    await ViewHistoryService.drain()
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
