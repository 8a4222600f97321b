import { UnrecoverableError, type JobsOptions } from 'bullmq'
import BaseJob from '#jobs/base_job'
import type { QueueName } from '#config/queue'
import { isPermanentTmdbError } from '#services/tmdb/errors'
import { clearFinishedJob } from '#services/tmdb/job_dispatch'
import { refreshPopular } from '#services/tmdb/tmdb_refresh_service'

export interface RefreshPopularPayload {
  /** Pages of 20 titles to read (default 5). */
  pages?: number
}

/**
 * Refreshes TMDB popularity and votes of popular titles we have and queues
 * syncs for those we lack. Generic over the payload for BaseJob.dispatch's
 * sake (see SyncMovieJob).
 */
export default class RefreshPopularJob<Payload = RefreshPopularPayload> extends BaseJob<Payload> {
  static queueName: QueueName = 'metadata'
  static jobName = 'refresh-popular'

  static jobId() {
    return 'refresh-popular'
  }

  static async dispatch<P, T extends { new (): BaseJob<P> } & typeof BaseJob>(
    this: T,
    payload: P & RefreshPopularPayload,
    options: JobsOptions = {}
  ) {
    await clearFinishedJob(this.queueName, options.jobId ?? this.jobId(payload))
    return super.dispatch<P, T>(payload, options)
  }

  async handle(payload: Payload) {
    const { pages } = (payload ?? {}) as RefreshPopularPayload
    try {
      return await refreshPopular({ pages })
    } catch (error) {
      if (isPermanentTmdbError(error)) throw new UnrecoverableError((error as Error).message)
      throw error
    }
  }
}
