import { UnrecoverableError } from 'bullmq'
import BaseJob from '#jobs/base_job'
import { isPermanentTmdbError } from '#services/tmdb/errors'
import { refreshWatchProviderList } from '#services/tmdb/watch_provider_sync'

export type RefreshWatchProvidersPayload = Record<string, never>

/**
 * Refreshes TMDB's watch providers: every region's list with names, logos
 * and display order (GET /watch-providers reads it). The offers of each
 * movie come with the movie's own sync.
 */
export default class RefreshWatchProvidersJob extends BaseJob<RefreshWatchProvidersPayload> {
  static jobName = 'refresh-watch-providers' as const

  static jobId() {
    return 'refresh-watch-providers'
  }

  async handle() {
    try {
      return await refreshWatchProviderList()
    } catch (error) {
      if (isPermanentTmdbError(error)) throw new UnrecoverableError((error as Error).message)
      throw error
    }
  }
}
