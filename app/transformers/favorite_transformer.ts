import type { DateTime } from 'luxon'
import { toIso } from '#services/database/query_helpers'
import type { ViewerMovieSummary } from '#services/catalogue/movie_summaries'
import type { ViewerSeriesSummary } from '#services/catalogue/series_summaries'

/** A favourite movie. */
export interface FavoriteResource {
  movie: ViewerMovieSummary
  added_at: string
}

/** A favourite series; the summary is also under `movie`, as on watchlist items. */
export interface SeriesFavoriteItem {
  movie: ViewerSeriesSummary
  series: ViewerSeriesSummary
  added_at: string
}

/** Favourites (GET/PUT /me/favorites…) of both kinds. */
export default class FavoriteTransformer {
  static movie(addedAt: DateTime | Date | string, movie: ViewerMovieSummary): FavoriteResource {
    return { movie, added_at: toIso(addedAt) }
  }

  static series(addedAt: DateTime | Date | string, series: ViewerSeriesSummary): SeriesFavoriteItem {
    return { movie: series, series, added_at: toIso(addedAt) }
  }
}
