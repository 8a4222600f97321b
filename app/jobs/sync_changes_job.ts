import { UnrecoverableError, type JobsOptions } from 'bullmq'
import BaseJob from '#jobs/base_job'
import type { QueueName } from '#config/queue'
import { isPermanentTmdbError } from '#services/tmdb/errors'
import { clearFinishedJob } from '#services/tmdb/job_dispatch'
import { syncRecentChanges } from '#services/tmdb/tmdb_refresh_service'

export interface SyncChangesPayload {
  /** How far back to look (1–336 hours; TMDB keeps 14 days of changes). */
  hours: number
}

/**
 * Pages TMDB's /movie/changes for the window and queues a SyncMovieJob for
 * each changed movie we have. Generic over the payload for
 * BaseJob.dispatch's sake (see SyncMovieJob).
 */
export default class SyncChangesJob<Payload = SyncChangesPayload> extends BaseJob<Payload> {
  static queueName: QueueName = 'metadata'
  static jobName = 'sync-changes'

  static jobId(payload: SyncChangesPayload) {
    return `sync-changes-${payload.hours}h`
  }

  static async dispatch<P, T extends { new (): BaseJob<P> } & typeof BaseJob>(
    this: T,
    payload: P & SyncChangesPayload,
    options: JobsOptions = {}
  ) {
    await clearFinishedJob(this.queueName, options.jobId ?? this.jobId(payload))
    return super.dispatch<P, T>(payload, options)
  }

  async handle(payload: Payload) {
    const { hours } = payload as SyncChangesPayload
    try {
      return await syncRecentChanges({ hours })
    } catch (error) {
      if (isPermanentTmdbError(error)) throw new UnrecoverableError((error as Error).message)
      throw error
    }
  }
}
