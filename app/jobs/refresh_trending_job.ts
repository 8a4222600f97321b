import { UnrecoverableError } from 'bullmq'
import BaseJob from '#jobs/base_job'
import { isPermanentTmdbError } from '#services/tmdb/errors'
import { refreshTrending } from '#services/tmdb/tmdb_refresh_service'
import type { TrendingWindow } from '#services/tmdb/types'

export interface RefreshTrendingPayload {
  window: TrendingWindow
  /** Pages of 20 titles to read (default 3). */
  pages?: number
}

/**
 * Stores TMDB's trending list of a window as movies.trending_day/_week
 * scores and queues syncs for trending titles we lack. Generic over the
 * payload for BaseJob.dispatch's sake (see SyncMovieJob).
 */
export default class RefreshTrendingJob extends BaseJob<RefreshTrendingPayload> {
  static jobName = 'refresh-trending' as const

  static jobId(payload: RefreshTrendingPayload) {
    return `refresh-trending-${payload.window}`
  }

  async handle(payload: RefreshTrendingPayload) {
    const { window, pages } = payload
    if (window !== 'day' && window !== 'week') {
      throw new UnrecoverableError(`window must be "day" or "week", got ${JSON.stringify(window)}`)
    }
    try {
      return await refreshTrending(window, { pages })
    } catch (error) {
      if (isPermanentTmdbError(error)) throw new UnrecoverableError((error as Error).message)
      throw error
    }
  }
}
