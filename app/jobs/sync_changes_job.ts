import { UnrecoverableError } from 'bullmq'
import BaseJob from '#jobs/base_job'
import { isPermanentTmdbError } from '#services/tmdb/errors'
import { syncRecentChanges } from '#services/tmdb/tmdb_refresh_service'

export interface SyncChangesPayload {
  /** How far back to look (1–336 hours; TMDB keeps 14 days of changes). */
  hours: number
}

/**
 * Pages TMDB's /movie/changes for the window and queues a SyncMovieJob for
 * each changed movie we have.
 */
export default class SyncChangesJob extends BaseJob<SyncChangesPayload> {
  static jobName = 'sync-changes' as const

  static jobId(payload: SyncChangesPayload) {
    return `sync-changes-${payload.hours}h`
  }

  async handle(payload: SyncChangesPayload) {
    const { hours } = payload
    try {
      return await syncRecentChanges({ hours })
    } catch (error) {
      if (isPermanentTmdbError(error)) throw new UnrecoverableError((error as Error).message)
      throw error
    }
  }
}
