import { UnrecoverableError } from 'bullmq'
import BaseJob from '#jobs/base_job'
import { isPermanentTmdbError } from '#services/tmdb/errors'
import { refreshUpcoming } from '#services/tmdb/tmdb_refresh_service'

export interface RefreshUpcomingPayload {
  /** Pages of 20 titles to read (default 3). */
  pages?: number
}

/**
 * Queues syncs for TMDB's upcoming titles (their dates and certifications
 * move until release).
 */
export default class RefreshUpcomingJob extends BaseJob<RefreshUpcomingPayload> {
  static jobName = 'refresh-upcoming' as const

  static jobId() {
    return 'refresh-upcoming'
  }

  async handle(payload: RefreshUpcomingPayload) {
    const { pages } = (payload ?? {}) as RefreshUpcomingPayload
    try {
      return await refreshUpcoming({ pages })
    } catch (error) {
      if (isPermanentTmdbError(error)) throw new UnrecoverableError((error as Error).message)
      throw error
    }
  }
}
