import type { ViewerSeriesSummary } from '#services/catalogue/series_summaries'
import type { MovieSummary, ViewerFields } from '#transformers/movie_transformer'

export type ReasonType = 'similar_to_liked' | 'liked_by_similar_users' | 'popular_in_genre' | 'friends_liked' | 'trending'

/** Why a title is recommended; `baseline_movie` names the liked movie it is based on. */
export interface Reason {
  type: ReasonType
  text: string
  baseline_movie?: { id: number; title: string; year: number | null }
}

/** An item of GET /me/recommendations and the per-movie lists. */
export interface RecommendationItem {
  movie: MovieSummary & Partial<ViewerFields>
  score: number
  reason: Reason
}

/** A series pick; the summary also under `movie`, as on watchlist items. */
export interface SeriesRecommendationItem {
  movie: ViewerSeriesSummary
  series: ViewerSeriesSummary
  score: number
  reason: Reason
}

/** PUT /me/recommendations/hidden/:movie_id. */
export interface HiddenMovie {
  movie_id: number
  hidden_at: string
}

/** PUT /me/recommendations/hidden/series/:series_id. */
export interface HiddenSeries {
  series_id: number
  hidden_at: string
}

/** Scores are confidences (0–1, callers clamp what may leave it), four decimals. */
const score = (value: number) => Math.round(value * 1e4) / 1e4

export default class RecommendationTransformer {
  static item(movie: MovieSummary & Partial<ViewerFields>, confidence: number, reason: Reason): RecommendationItem {
    return { movie, score: score(confidence), reason }
  }

  static seriesItem(summary: ViewerSeriesSummary, confidence: number, reason: Reason): SeriesRecommendationItem {
    return { movie: summary, series: summary, score: score(confidence), reason }
  }

  static baselineMovie(movie: { id: number; title: string; year: number | null }): NonNullable<Reason['baseline_movie']> {
    return { id: movie.id, title: movie.title, year: movie.year }
  }

  static hiddenMovie(movieId: number, hiddenAt: Date | string): HiddenMovie {
    return { movie_id: movieId, hidden_at: new Date(hiddenAt).toISOString() }
  }

  static hiddenSeries(seriesId: number, hiddenAt: Date | string): HiddenSeries {
    return { series_id: seriesId, hidden_at: new Date(hiddenAt).toISOString() }
  }
}
