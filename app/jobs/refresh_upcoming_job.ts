import { UnrecoverableError, type JobsOptions } from 'bullmq'
import BaseJob from '#jobs/base_job'
import type { QueueName } from '#config/queue'
import { isPermanentTmdbError } from '#services/tmdb/errors'
import { clearFinishedJob } from '#services/tmdb/job_dispatch'
import { refreshUpcoming } from '#services/tmdb/tmdb_refresh_service'

export interface RefreshUpcomingPayload {
  /** Pages of 20 titles to read (default 3). */
  pages?: number
}

/**
 * Queues syncs for TMDB's upcoming titles (their dates and certifications
 * move until release). Generic over the payload for BaseJob.dispatch's
 * sake (see SyncMovieJob).
 */
export default class RefreshUpcomingJob<Payload = RefreshUpcomingPayload> extends BaseJob<Payload> {
  static queueName: QueueName = 'metadata'
  static jobName = 'refresh-upcoming'

  static jobId() {
    return 'refresh-upcoming'
  }

  static async dispatch<P, T extends { new (): BaseJob<P> } & typeof BaseJob>(
    this: T,
    payload: P & RefreshUpcomingPayload,
    options: JobsOptions = {}
  ) {
    await clearFinishedJob(this.queueName, options.jobId ?? this.jobId(payload))
    return super.dispatch<P, T>(payload, options)
  }

  async handle(payload: Payload) {
    const { pages } = (payload ?? {}) as RefreshUpcomingPayload
    try {
      return await refreshUpcoming({ pages })
    } catch (error) {
      if (isPermanentTmdbError(error)) throw new UnrecoverableError((error as Error).message)
      throw error
    }
  }
}
