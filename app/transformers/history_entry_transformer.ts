import type { DateTime } from 'luxon'
import type { ViewerMovieSummary } from '#services/catalogue/movie_summaries'

/** GET /me/history: a movie the caller opened, when and how often. */
export interface HistoryResource {
  movie: ViewerMovieSummary
  viewed_at: string
  first_viewed_at: string
  view_count: number
}

export default class HistoryEntryTransformer {
  static resource(
    entry: { lastViewedAt: DateTime; firstViewedAt: DateTime; viewCount: number },
    movie: ViewerMovieSummary
  ): HistoryResource {
    return {
      movie,
      viewed_at: entry.lastViewedAt.toUTC().toISO()!,
      first_viewed_at: entry.firstViewedAt.toUTC().toISO()!,
      view_count: entry.viewCount,
    }
  }
}
