import { UnrecoverableError } from 'bullmq'
import BaseJob from '#jobs/base_job'
import { isPermanentTmdbError } from '#services/tmdb/errors'
import { refreshPopular } from '#services/tmdb/tmdb_refresh_service'

export interface RefreshPopularPayload {
  /** Pages of 20 titles to read (default 5). */
  pages?: number
}

/**
 * Refreshes TMDB popularity and votes of popular titles we have and queues
 * syncs for those we lack.
 */
export default class RefreshPopularJob extends BaseJob<RefreshPopularPayload> {
  static jobName = 'refresh-popular' as const

  static jobId() {
    return 'refresh-popular'
  }

  async handle(payload: RefreshPopularPayload) {
    const { pages } = (payload ?? {}) as RefreshPopularPayload
    try {
      return await refreshPopular({ pages })
    } catch (error) {
      if (isPermanentTmdbError(error)) throw new UnrecoverableError((error as Error).message)
      throw error
    }
  }
}
