import { UnrecoverableError } from 'bullmq'
import BaseJob from '#jobs/base_job'
import { isPermanentTmdbError } from '#services/tmdb/errors'
import { SERIES_LISTS, refreshSeriesList, type SeriesList } from '#services/tmdb/series_refresh_service'

export interface RefreshSeriesListPayload {
  list: SeriesList
  /** Pages of 20 shows to read (defaults per list). */
  pages?: number
}

/**
 * Reads one of TMDB's TV lists (trending day/week, popular, top rated, on
 * the air): scores and figures for shows we have, syncs for the others.
 *
 */
export default class RefreshSeriesListJob extends BaseJob<RefreshSeriesListPayload> {
  static jobName = 'refresh-series-list' as const

  static jobId(payload: RefreshSeriesListPayload) {
    return `refresh-series-${payload.list}`
  }

  async handle(payload: RefreshSeriesListPayload) {
    const { list, pages } = payload
    if (!SERIES_LISTS.includes(list)) {
      throw new UnrecoverableError(`list must be one of ${SERIES_LISTS.join(', ')}, got ${JSON.stringify(list)}`)
    }
    try {
      return await refreshSeriesList(list, { pages })
    } catch (error) {
      if (isPermanentTmdbError(error)) throw new UnrecoverableError((error as Error).message)
      throw error
    }
  }
}
