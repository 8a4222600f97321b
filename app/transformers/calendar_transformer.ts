import type { ViewerMovieSummary } from '#services/catalogue/movie_summaries'
import type { ViewerSeriesSummary } from '#services/catalogue/series_summaries'

export const CALENDAR_ENTRY_TYPES = ['movie_release', 'episode'] as const

/** One day's item of GET /me/calendar: a movie's release or an episode's air date. */
export type CalendarEntry =
  | { date: string; type: 'movie_release'; movie: ViewerMovieSummary }
  | {
      date: string
      type: 'episode'
      series: ViewerSeriesSummary
      episode: { season_number: number; episode_number: number; name: string | null }
    }

export default class CalendarTransformer {
  static movieRelease(date: string, movie: ViewerMovieSummary): CalendarEntry {
    return { date, type: 'movie_release', movie }
  }

  static episode(
    date: string,
    series: ViewerSeriesSummary,
    episode: { season_number: number; episode_number: number; name: string | null }
  ): CalendarEntry {
    return {
      date,
      type: 'episode',
      series,
      episode: { season_number: episode.season_number, episode_number: episode.episode_number, name: episode.name },
    }
  }
}
