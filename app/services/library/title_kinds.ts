import type User from '#models/user'
import Rating from '#models/rating'
import SeriesRating from '#models/series_rating'
import { MOVIES } from '#models/movie'
import { SERIES } from '#models/series'
import type { CatalogueTable } from '#models/catalogue_scopes'
import { invalidateMovie } from '#services/catalogue/catalogue_cache'
import { invalidateSeries } from '#services/catalogue/series_cache'
import { assertVisibleMovie } from '#services/catalogue/movie_lookup'
import { findVisibleSeriesOrFail } from '#services/catalogue/series_lookup'
import { MOVIE_REVIEWS, SERIES_REVIEWS, type ReviewTables } from '#services/library/review_listing'
import type { ActivityType } from '#services/social/activities'

export type TitleKindName = 'movie' | 'series'

/** The site figures a rating write changes (kept by a trigger on the ratings table). */
export const TITLE_AGGREGATES = ['average_rating', 'rating_count'] as const

/**
 * Everything the library's writers need to know about one kind of title:
 * where it lives, where a user's rating, watchlist and favourite rows of it
 * live and how they point at it, who may see it, which caches show it, and
 * what (if anything) a write tells friends' feeds. Rating, watchlist and
 * favourite services take a descriptor instead of being written per kind:
 * a new kind of title is a new entry here.
 */
export interface TitleKind<K extends TitleKindName = TitleKindName> {
  name: K
  /** The titles' table, holding the aggregate columns. */
  table: CatalogueTable['table']
  /** The table as the shared catalogue rules (visibility, filters, sort) see it. */
  catalogue: CatalogueTable
  /** The column of the per-user tables below pointing at the title. */
  key: `${K}_id`
  ratings: ReviewTables['ratings']
  watchlist: 'watchlist_items' | 'series_watchlist_items'
  favorites: 'favorites' | 'series_favorites'
  /** The ratings table's model (reviews are listed with their authors). */
  ratingModel: typeof Rating | typeof SeriesRating
  /** Review text lives on the ratings rows; likes in their own table. */
  reviews: ReviewTables
  /** Whether moderators can hide reviews of this kind (`hidden_at` on the ratings rows). */
  moderatedReviews: boolean
  /** The word error messages use ("You have not rated this movie"). */
  noun: string
  /** 404 unless the title exists and `user` may see it (the catalogue's visibility rule). */
  assertVisible(id: number, user: User | null): Promise<void>
  /** Drops every cached page that shows the title's figures (lists, detail, feeds). */
  invalidate(id: number): Promise<void>
  /** Feed activities a write records, or null when the feed does not show this kind. */
  activities: { rating: ActivityType; review: ActivityType; watchlistAdd: ActivityType } | null
}

export const MOVIE_KIND: TitleKind<'movie'> = {
  name: 'movie',
  table: 'movies',
  catalogue: MOVIES,
  key: 'movie_id',
  ratings: 'ratings',
  watchlist: 'watchlist_items',
  favorites: 'favorites',
  ratingModel: Rating,
  reviews: MOVIE_REVIEWS,
  moderatedReviews: true,
  noun: 'movie',
  // From the in-memory movie detail: no query on the hot rating write.
  assertVisible: assertVisibleMovie,
  invalidate: invalidateMovie,
  activities: { rating: 'rating', review: 'review', watchlistAdd: 'watchlist_add' },
}

export const SERIES_KIND: TitleKind<'series'> = {
  name: 'series',
  table: 'series',
  catalogue: SERIES,
  key: 'series_id',
  ratings: 'series_ratings',
  watchlist: 'series_watchlist_items',
  favorites: 'series_favorites',
  ratingModel: SeriesRating,
  reviews: SERIES_REVIEWS,
  moderatedReviews: false,
  noun: 'series',
  assertVisible: async (id, user) => {
    await findVisibleSeriesOrFail(id, user)
  },
  invalidate: invalidateSeries,
  // Feed items point at movies (activities.movie_id); series show up through episode diary entries only.
  activities: null,
}

export const TITLE_KINDS = { movie: MOVIE_KIND, series: SERIES_KIND } as const
