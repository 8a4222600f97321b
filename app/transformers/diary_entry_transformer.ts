import type DiaryEntry from '#models/diary_entry'
import type EpisodeDiaryEntry from '#models/episode_diary_entry'
import type Episode from '#models/episode'
import type { ViewerMovieSummary } from '#services/catalogue/movie_summaries'
import type { ViewerSeriesSummary } from '#services/catalogue/series_summaries'

/** What a viewing logs, whatever was watched. */
interface DiaryFields {
  id: number
  watched_on: string
  rewatch: boolean
  rating: number | null
  review: string | null
  contains_spoilers: boolean
  created_at: string
  updated_at: string
}

/** A movie's diary entry. */
export type DiaryResource = Omit<DiaryFields, 'id'> & { id: number; movie: ViewerMovieSummary }

/**
 * An episode's diary entry. The show's summary is under `series` and, as
 * on watchlist items, under `movie` too (`is_series: true`), so a client
 * rendering `entry.movie` keeps working.
 */
export type EpisodeDiaryResource = Omit<DiaryFields, 'id'> & {
  id: number
  movie: ViewerSeriesSummary
  series: ViewerSeriesSummary
  episode: { id: number; season_number: number; episode_number: number; name: string | null }
}

/** Diary entries (GET/POST/PATCH /me/diary) of both kinds, key order as the contract shows them. */
export default class DiaryEntryTransformer {
  static movie(entry: DiaryEntry, movie: ViewerMovieSummary): DiaryResource {
    const { id, ...fields } = DiaryEntryTransformer.fields(entry)
    return { id, movie, ...fields }
  }

  static episode(entry: EpisodeDiaryEntry, series: ViewerSeriesSummary, episode: Episode): EpisodeDiaryResource {
    const { id, ...fields } = DiaryEntryTransformer.fields(entry)
    return {
      id,
      movie: series,
      series,
      episode: {
        id: episode.id,
        season_number: episode.seasonNumber,
        episode_number: episode.episodeNumber,
        name: episode.name,
      },
      ...fields,
    }
  }

  private static fields(entry: DiaryEntry | EpisodeDiaryEntry): DiaryFields {
    return {
      id: entry.id,
      watched_on: entry.watchedOn.toISODate()!,
      rewatch: entry.rewatch,
      rating: entry.rating,
      review: entry.review,
      contains_spoilers: entry.containsSpoilers,
      created_at: entry.createdAt.toUTC().toISO()!,
      updated_at: entry.updatedAt.toUTC().toISO()!,
    }
  }
}
