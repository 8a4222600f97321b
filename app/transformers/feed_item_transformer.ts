import { DateTime } from 'luxon'
import { toIso } from '#services/database/query_helpers'
import type { ActivityType } from '#services/social/activities'
import type { ViewerMovieSummary } from '#services/catalogue/movie_summaries'
import type { ViewerSeriesSummary } from '#services/catalogue/series_summaries'
import MovieTransformer, { type MovieSummaryRow } from '#transformers/movie_transformer'
import UserTransformer, { type UserSummary } from '#transformers/user_transformer'

/** One friend activity of GET /me/feed. */
export interface FeedItem {
  id: number
  type: ActivityType
  created_at: string
  user: UserSummary
  movie: ViewerMovieSummary | null
  rating?: number
  review?: { rating_id: number; rating: number; body: string; contains_spoilers: boolean }
  diary_entry?: { id: number; watched_on: string; rewatch: boolean; rating: number | null }
  /** An episode's diary entry (issue 9): the show, and the episode logged; `movie` is null then. */
  series?: ViewerSeriesSummary
  episode?: { season_number: number; episode_number: number; name: string | null }
  list?: { id: number; title: string; description: string | null; privacy: string }
  friend?: UserSummary
}

export interface FeedPage {
  data: FeedItem[]
  next_cursor: string | null
}

/** A friend's relation to a movie (GET /movies/:id/friends). */
export interface MovieFriend {
  user: UserSummary
  rating: number | null
  review: string | null
  contains_spoilers: boolean
  last_watched_on: string | null
  in_watchlist: boolean
}

/** What FeedItemTransformer.movieFriend reads: the friend's `users` columns and their marks on the movie. */
export interface MovieFriendRow {
  id: number
  username: string
  display_name: string | null
  avatar_path: string | null
  rating: string | number | null
  review: string | null
  contains_spoilers: boolean | null
  watchlist_id: number | null
  last_watched_on: Date | string | null
}

/** One feed_items row of a page with everything its item needs (FeedService.pageRows). */
export interface ActivityRow {
  id: string
  user_id: number
  type: ActivityType
  subject_id: number
  movie_id: number | null
  created_at: Date
  cursor_ts: string
  actor_username: string | null
  actor_display_name: string | null
  actor_avatar_path: string | null
  /** Whether the author is still the viewer's friend (a fan-out may race an unfriend). */
  actor_is_friend: boolean
  /** null: no movie, or one that is gone or hidden from the viewer. */
  movie: MovieSummaryRow | null
  viewer_rating: string | null
  viewer_in_watchlist: boolean
  viewer_favorite: boolean
  rating_id: string | null
  rating_value: string | null
  rating_review: string | null
  rating_hidden: boolean
  rating_spoilers: boolean | null
  diary_id: number | null
  diary_watched_on: string | null
  diary_rewatch: boolean | null
  diary_rating: string | null
  /** An episode's diary entry (type diary_entry without a movie). */
  episode_diary_id: number | null
  episode_diary_watched_on: string | null
  episode_diary_rewatch: boolean | null
  episode_diary_rating: string | null
  episode_series_id: number | null
  episode_season_number: number | null
  episode_number: number | null
  episode_name: string | null
  watchlist_exists: boolean
  list_id: number | null
  list_title: string | null
  list_description: string | null
  list_privacy: string | null
  friend_id: number | null
  friend_username: string | null
  friend_display_name: string | null
  friend_avatar_path: string | null
  /** Friendship items: whether that friendship still exists. */
  friend_pair_exists: boolean
  /** Friendship items: whether the new friend and the viewer block each other. */
  friend_hidden: boolean
}

const dateOnly = (value: Date | string) => (typeof value === 'string' ? value.slice(0, 10) : DateTime.fromJSDate(value).toISODate()!)
const numberOrNull = (value: string | number | null) => (value === null ? null : Number(value))

/**
 * Feed items from the rows of the feed's page query. The feed caches the
 * pages these build (feed_cache.ts), so this runs once per page and reader.
 */
export default class FeedItemTransformer {
  /**
   * A row FeedService decided to show (its subject exists and the viewer may
   * see it). `series`: the page's shows the viewer may see, by id.
   */
  static item(row: ActivityRow, series: Map<number, ViewerSeriesSummary>): FeedItem {
    const movie: ViewerMovieSummary | null =
      row.movie_id !== null && row.movie
      ? {
          ...MovieTransformer.summaryOfRow(row.movie),
          user_rating: numberOrNull(row.viewer_rating),
          in_watchlist: row.viewer_in_watchlist,
          is_favorite: row.viewer_favorite,
        }
      : null
    const user = UserTransformer.summaryOfRow({
      id: row.user_id,
      username: row.actor_username!,
      display_name: row.actor_display_name,
      avatar_path: row.actor_avatar_path,
    })
    const item: FeedItem = { id: Number(row.id), type: row.type, created_at: toIso(row.created_at), user, movie }
    switch (row.type) {
      case 'rating':
        item.rating = Number(row.rating_value)
        break
      case 'review':
        item.review = {
          rating_id: Number(row.rating_id),
          rating: Number(row.rating_value),
          body: row.rating_review!,
          contains_spoilers: Boolean(row.rating_spoilers),
        }
        break
      case 'diary_entry':
        if (row.diary_id !== null) {
          item.diary_entry = {
            id: row.diary_id,
            watched_on: row.diary_watched_on!,
            rewatch: Boolean(row.diary_rewatch),
            rating: numberOrNull(row.diary_rating),
          }
        } else {
          item.series = series.get(row.episode_series_id!)!
          item.episode = { season_number: row.episode_season_number!, episode_number: row.episode_number!, name: row.episode_name }
          item.diary_entry = {
            id: row.episode_diary_id!,
            watched_on: row.episode_diary_watched_on!,
            rewatch: Boolean(row.episode_diary_rewatch),
            rating: numberOrNull(row.episode_diary_rating),
          }
        }
        break
      case 'list_created':
        item.list = { id: row.list_id!, title: row.list_title!, description: row.list_description, privacy: row.list_privacy! }
        break
      case 'friendship':
        item.friend = UserTransformer.summaryOfRow({
          id: row.friend_id!,
          username: row.friend_username!,
          display_name: row.friend_display_name,
          avatar_path: row.friend_avatar_path,
        })
        break
    }
    return item
  }

  static movieFriend(row: MovieFriendRow): MovieFriend {
    return {
      user: UserTransformer.summaryOfRow(row),
      rating: numberOrNull(row.rating),
      review: row.review ?? null,
      contains_spoilers: Boolean(row.contains_spoilers),
      last_watched_on: row.last_watched_on ? dateOnly(row.last_watched_on) : null,
      in_watchlist: row.watchlist_id !== null,
    }
  }
}
