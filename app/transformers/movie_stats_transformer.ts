/** The rating steps of the histogram, as its keys ("0.5" … "5.0"). */
export const HISTOGRAM_KEYS = ['0.5', '1.0', '1.5', '2.0', '2.5', '3.0', '3.5', '4.0', '4.5', '5.0'] as const

export type RatingHistogram = Record<(typeof HISTOGRAM_KEYS)[number], number>

/** GET /movies/:id/stats. */
export interface MovieStats {
  rating_count: number
  average_rating: number | null
  histogram: RatingHistogram
  watched_count: number
  watchlist_count: number
  favorite_count: number
  list_count: number
  review_count: number
}

/** One row of the stats query (movie_stats_service.ts). */
export interface MovieStatsRow {
  rating_count: number
  average_rating: number | null
  /** movies.rating_histogram: index i counts the ratings of (i + 1) / 2. */
  rating_histogram: number[]
  watched_count: number | string
  watchlist_count: number | string
  favorite_count: number | string
  list_count: number | string
  review_count: number | string
}

/** A tag of GET /movies/:id/tags. */
export interface MovieTagCount {
  tag: string
  count: number
}

/** The caller's own tags of a movie (PUT and GET /me/movies/:id/tags). */
export interface MyMovieTags {
  movie_id: number
  tags: string[]
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits

export default class MovieStatsTransformer {
  static stats(row: MovieStatsRow): MovieStats {
    const histogram = {} as RatingHistogram
    HISTOGRAM_KEYS.forEach((key, index) => {
      histogram[key] = Number(row.rating_histogram[index] ?? 0)
    })
    return {
      rating_count: Number(row.rating_count),
      // Rounded as MovieSummary rounds it.
      average_rating: row.average_rating === null ? null : round(Number(row.average_rating), 2),
      histogram,
      watched_count: Number(row.watched_count),
      watchlist_count: Number(row.watchlist_count),
      favorite_count: Number(row.favorite_count),
      list_count: Number(row.list_count),
      review_count: Number(row.review_count),
    }
  }

  static tagCount(row: { tag: string; count: number | string }): MovieTagCount {
    return { tag: row.tag, count: Number(row.count) }
  }

  static myTags(movieId: number, tags: string[]): MyMovieTags {
    return { movie_id: movieId, tags }
  }
}
