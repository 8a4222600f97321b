import { toIso } from '#services/database/query_helpers'
import type Episode from '#models/episode'
import type { TitleKind, TitleKindName } from '#services/catalogue/title_kinds'
import type { ViewerMovieSummary } from '#services/catalogue/movie_summaries'
import type { CommentPolicyValue } from '#models/comment'

/** A ratings row as the upsert's RETURNING gives it (either kind: `<kind>_id` is the title). */
export interface RatingRow {
  id: number | string
  rating: number | string
  review: string | null
  contains_spoilers: boolean
  /** Kinds whose reviews can be discussed (TitleKind.reviewComments) only. */
  comment_policy?: CommentPolicyValue
  created_at: Date | string
  updated_at: Date | string
  [titleKey: string]: unknown
}

/** The title's site figures after a write. */
export interface TitleAggregatesRow {
  id: number
  average_rating: number | null
  rating_count: number
}

export interface TitleAggregates {
  id: number
  average_rating: number | null
  rating_count: number
}

interface RatingFields {
  id: number
  rating: number
  review: string | null
  contains_spoilers: boolean
  /** Who may comment on the review; movie ratings (kinds with `reviewComments`) only. */
  comment_policy?: CommentPolicyValue
  created_at: string
  updated_at: string
}

/**
 * PUT /movies/:id/rating and PUT /series/:id/rating: the rating with
 * `movie_id` / `series_id` and the title's aggregates after the write under
 * `movie` / `series`.
 */
export type RatingResource<K extends TitleKindName = TitleKindName> = RatingFields & {
  [P in `${K}_id`]: number
} & { [P in K]: TitleAggregates }

/** GET /me/ratings: a rated movie with the caller's rating. */
export type RatedMovie = ViewerMovieSummary & { user_rating: number; rated_at: string }

/** PUT /series/:id/seasons/:number/episodes/:episode/rating */
export interface EpisodeRatingResource {
  id: number
  episode_id: number
  series_id: number
  season_number: number
  episode_number: number
  rating: number
  created_at: string
  updated_at: string
}

export default class RatingTransformer {
  static resource<K extends TitleKindName>(kind: TitleKind<K>, row: RatingRow, title: TitleAggregatesRow): RatingResource<K> {
    const fields: RatingFields = {
      id: Number(row.id),
      rating: Number(row.rating),
      review: row.review,
      contains_spoilers: row.contains_spoilers,
      ...(kind.reviewComments ? { comment_policy: row.comment_policy } : {}),
      created_at: toIso(row.created_at),
      updated_at: toIso(row.updated_at),
    }
    const aggregates: TitleAggregates = {
      id: title.id,
      average_rating: title.average_rating === null ? null : Math.round(title.average_rating * 100) / 100,
      rating_count: title.rating_count,
    }
    // Key order as the contract's examples show it: id, <kind>_id, rating, …, <kind>.
    const { id, ...rest } = fields
    return { id, [kind.key]: Number(row[kind.key]), ...rest, [kind.name]: aggregates } as RatingResource<K>
  }

  static ratedMovie(movie: ViewerMovieSummary, rating: number | string, ratedAt: Date | string): RatedMovie {
    return { ...movie, user_rating: Number(rating), rated_at: toIso(ratedAt) }
  }

  static episode(
    row: { id: number | string; rating: number | string; created_at: Date | string; updated_at: Date | string },
    episode: Episode
  ): EpisodeRatingResource {
    return {
      id: Number(row.id),
      episode_id: episode.id,
      series_id: episode.seriesId,
      season_number: episode.seasonNumber,
      episode_number: episode.episodeNumber,
      rating: Number(row.rating),
      created_at: toIso(row.created_at),
      updated_at: toIso(row.updated_at),
    }
  }
}
