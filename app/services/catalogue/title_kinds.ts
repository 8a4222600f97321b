import type User from '#models/user'
import Rating from '#models/rating'
import SeriesRating from '#models/series_rating'
import { MOVIES } from '#models/movie'
import { SERIES } from '#models/series'
import type { CatalogueTable } from '#models/catalogue_scopes'
import { invalidateCatalogue, invalidateMovie } from '#services/catalogue/catalogue_cache'
import { invalidateMovieEngagement } from '#services/catalogue/movie_engagement_cache'
import { invalidateSeries, invalidateSeriesCatalogue } from '#services/catalogue/series_cache'
import { assertVisibleMovie } from '#services/catalogue/movie_lookup'
import { findVisibleSeriesOrFail } from '#services/catalogue/series_lookup'
import type { ActivityType } from '#services/social/activities'

export type TitleKindName = 'movie' | 'series'

/** The site figures a rating write changes (kept by a trigger on the ratings table). */
export const TITLE_AGGREGATES = ['average_rating', 'rating_count'] as const

/** Where a kind's reviews live: the ratings table (review text) and its like table. */
export interface ReviewTables {
  ratings: 'ratings' | 'series_ratings'
  likes: 'review_likes' | 'series_review_likes'
  /** The like table's column pointing at the rating row. */
  likeKey: 'rating_id' | 'series_rating_id'
}

/**
 * Everything shared code needs to know about one kind of title: where it
 * lives and how the per-user tables (ratings, watchlist, favourites) and
 * the TMDB-synced ones (cast, pivots) point at it, who may see it, which
 * caches show it, and what a write tells friends' feeds. The rating,
 * watchlist, favourite and review services (app/services/library) and the
 * TMDB list refresh and cast sync (app/services/tmdb) take a descriptor
 * instead of being written per kind: a new kind of title is a new entry here.
 */
export interface TitleKind<K extends TitleKindName = TitleKindName> {
  name: K
  /** The word messages use ("You have not rated this movie"). */
  noun: string
  /** The titles' table: TMDB figures, trending scores and the rating aggregates. */
  table: CatalogueTable['table']
  /** The table as the shared catalogue rules (visibility, filters, sort) see it. */
  catalogue: CatalogueTable
  /** The column of every per-title table below pointing at the title. */
  key: `${K}_id`

  /** 404 unless the title exists and `user` may see it (the catalogue's visibility rule). */
  assertVisible(id: number, user: User | null): Promise<void>
  /** Drops every cached page showing the title's figures (lists, its detail, feeds). */
  invalidate(id: number): Promise<void>
  /** Drops every cached list of this kind (bulk changes: TMDB list refreshes). */
  invalidateLists(): Promise<void>
  /** Drops the title's cached engagement figures (watchlist and favourite counts: movie stats). */
  invalidateEngagement(id: number): Promise<void>

  /** Per-user tables, one row per user and title. */
  ratings: ReviewTables['ratings']
  watchlist: 'watchlist_items' | 'series_watchlist_items'
  favorites: 'favorites' | 'series_favorites'
  /** The ratings table's model (reviews are listed with their authors). */
  ratingModel: typeof Rating | typeof SeriesRating
  reviews: ReviewTables
  /** Whether moderators can hide reviews of this kind (`hidden_at` on the ratings rows). */
  moderatedReviews: boolean
  /**
   * Whether reviews of this kind can be discussed (GET/POST /reviews/:id/comments):
   * their ratings rows carry `comment_policy`, set through the rating's PUT.
   */
  reviewComments: boolean
  /** Feed activities a write records, or null when the feed does not show this kind. */
  activities: { rating: ActivityType; review: ActivityType; watchlistAdd: ActivityType } | null

  /** TMDB-synced tables: the billed cast, and the advisory lock list refreshes take turns on. */
  cast: 'movie_cast' | 'series_cast'
  listRefreshLock: number
}

export const MOVIE_KIND: TitleKind<'movie'> = {
  name: 'movie',
  noun: 'movie',
  table: 'movies',
  catalogue: MOVIES,
  key: 'movie_id',
  // From the in-memory movie detail: no query on the hot rating write.
  assertVisible: assertVisibleMovie,
  invalidate: invalidateMovie,
  invalidateLists: invalidateCatalogue,
  invalidateEngagement: (id) => invalidateMovieEngagement([id]),
  ratings: 'ratings',
  watchlist: 'watchlist_items',
  favorites: 'favorites',
  ratingModel: Rating,
  reviews: { ratings: 'ratings', likes: 'review_likes', likeKey: 'rating_id' },
  moderatedReviews: true,
  reviewComments: true,
  activities: { rating: 'rating', review: 'review', watchlistAdd: 'watchlist_add' },
  cast: 'movie_cast',
  listRefreshLock: 7_310_001,
}

export const SERIES_KIND: TitleKind<'series'> = {
  name: 'series',
  noun: 'series',
  table: 'series',
  catalogue: SERIES,
  key: 'series_id',
  assertVisible: async (id, user) => {
    await findVisibleSeriesOrFail(id, user)
  },
  invalidate: invalidateSeries,
  invalidateLists: invalidateSeriesCatalogue,
  // Series have no stats endpoint yet.
  invalidateEngagement: async () => {},
  ratings: 'series_ratings',
  watchlist: 'series_watchlist_items',
  favorites: 'series_favorites',
  ratingModel: SeriesRating,
  reviews: { ratings: 'series_ratings', likes: 'series_review_likes', likeKey: 'series_rating_id' },
  moderatedReviews: false,
  reviewComments: false,
  // Feed items point at movies (activities.movie_id); shows reach the feed through episode diary entries only.
  activities: null,
  cast: 'series_cast',
  listRefreshLock: 7_310_002,
}

export const TITLE_KINDS = { movie: MOVIE_KIND, series: SERIES_KIND } as const
