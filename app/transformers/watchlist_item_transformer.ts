import type { DateTime } from 'luxon'
import { toIso } from '#services/database/query_helpers'
import type { ViewerMovieSummary } from '#services/catalogue/movie_summaries'
import type { ViewerSeriesSummary } from '#services/catalogue/series_summaries'
import type { EpisodeSummary } from '#transformers/series_transformer'

type Timestamp = DateTime | Date | string

/** A watchlist row of either kind, as the list queries and the models give it. */
export interface WatchlistRow {
  createdAt: Timestamp
  watched: boolean
  watchedAt: Timestamp | null
}

/** A movie on the watchlist. */
export interface WatchlistResource {
  movie: ViewerMovieSummary
  added_at: string
  watched: boolean
  watched_at: string | null
}

/**
 * A series on the watchlist. The summary is also under `movie` so a client
 * that renders `item.movie` of GET /me/watchlist keeps working when series
 * appear there; `is_series` tells the two kinds apart.
 */
export interface SeriesWatchlistItem {
  movie: ViewerSeriesSummary
  series: ViewerSeriesSummary
  added_at: string
  /** The show as a whole marked watched (PATCH), like a movie's watchlist flag. */
  watched: boolean
  watched_at: string | null
  watched_episodes: number
  /** Aired regular episodes (specials, season 0, are not counted). */
  aired_episodes: number
  /** The episode after the furthest one watched, once it has aired; null when caught up or finished. */
  next_episode: EpisodeSummary | null
}

/** How far the caller is through a show on their watchlist. */
export interface SeriesProgress {
  watchedEpisodes: number
  airedEpisodes: number
  nextEpisode: EpisodeSummary | null
}

/** Watchlist items (GET/PUT/PATCH /me/watchlist…) of both kinds. */
export default class WatchlistItemTransformer {
  static movie(row: WatchlistRow, movie: ViewerMovieSummary): WatchlistResource {
    return {
      movie,
      added_at: toIso(row.createdAt),
      watched: row.watched,
      watched_at: row.watchedAt ? toIso(row.watchedAt) : null,
    }
  }

  static series(row: WatchlistRow, series: ViewerSeriesSummary, progress: SeriesProgress): SeriesWatchlistItem {
    return {
      movie: series,
      series,
      added_at: toIso(row.createdAt),
      watched: row.watched,
      watched_at: row.watchedAt ? toIso(row.watchedAt) : null,
      watched_episodes: progress.watchedEpisodes,
      aired_episodes: progress.airedEpisodes,
      next_episode: progress.nextEpisode,
    }
  }
}
