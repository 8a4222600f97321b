import { toIso } from '#services/database/query_helpers'
import type { TitleKind, TitleKindName } from '#services/catalogue/title_kinds'

/** A ratings row as the upsert's RETURNING gives it (either kind: `<kind>_id` is the title). */
export interface RatingRow {
  id: number | string
  rating: number | string
  review: string | null
  contains_spoilers: boolean
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

export default class RatingTransformer {
  static resource<K extends TitleKindName>(kind: TitleKind<K>, row: RatingRow, title: TitleAggregatesRow): RatingResource<K> {
    const fields: RatingFields = {
      id: Number(row.id),
      rating: Number(row.rating),
      review: row.review,
      contains_spoilers: row.contains_spoilers,
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
}
