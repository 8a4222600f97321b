import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import { friendIdsQuery } from '#services/social/friendship_gate'
import { findVisibleMovieOrFail } from '#services/catalogue/movie_lookup'
import { visibleMovieSummaryRow } from '#services/catalogue/movie_summaries'
import { paginationMeta, type Page, type PageRequest } from '#services/http/pagination'
import { cachedFeedPage } from '#services/social/feed_cache'
import { viewerFor, visibilityClass } from '#services/http/viewer'
import Series from '#models/series'
import { seriesSummaries, type ViewerSeriesSummary } from '#services/catalogue/series_summaries'
import FeedItemTransformer, {
  type ActivityRow,
  type FeedItem,
  type FeedPage,
  type MovieFriend,
} from '#transformers/feed_item_transformer'

export type { FeedItem, FeedPage, MovieFriend }

/** The cursor is opaque to clients: the last item's exact timestamp (µs) and id. */
function encodeCursor(row: ActivityRow) {
  return Buffer.from(JSON.stringify([row.cursor_ts, row.id])).toString('base64url')
}

/** PostgreSQL's text form of a timestamptz (what encodeCursor stores). */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/

function decodeCursor(cursor: string): [string, string] {
  try {
    const [ts, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (typeof ts === 'string' && typeof id === 'string' && /^\d{1,18}$/.test(id) && TIMESTAMP.test(ts)) {
      return [ts, id]
    }
  } catch {}
  throw ApiException.validation([{ field: 'before', rule: 'cursor', message: 'The cursor is not one this API returned' }])
}

/**
 * Whether a page row becomes an item: not when its author is no longer a
 * friend, or its subject is gone or hidden from the viewer. `series`: the
 * page's shows the viewer may see, by id.
 */
function isShown(row: ActivityRow, viewerId: number, series: Map<number, ViewerSeriesSummary>): boolean {
  if (row.actor_username === null || !row.actor_is_friend) return false
  if (row.movie_id !== null && !row.movie) return false
  switch (row.type) {
    case 'rating':
      return row.rating_id !== null
    case 'review':
      // A review a moderator hid leaves the feed as it leaves every public listing.
      return row.rating_id !== null && Boolean(row.rating_review) && !row.rating_hidden
    case 'diary_entry':
      // Ids share one sequence, so a row joins a movie or an episode entry, not both.
      if (row.diary_id !== null) return true
      return row.episode_diary_id !== null && row.episode_series_id !== null && series.has(row.episode_series_id)
    case 'watchlist_add':
      return row.watchlist_exists
    case 'list_created':
      return row.list_id !== null
    case 'friendship':
      return row.friend_id !== null && !row.friend_hidden && row.friend_id !== viewerId && row.friend_pair_exists
  }
  return true
}

/**
 * The friends feed. Activities are fanned out on write (feed_items, one row
 * per reader, written by app/jobs/feed_fan_out_job.ts), so a page is one
 * short scan of the (owner_id, created_at DESC, activity_id DESC) index
 * whatever the number of friends (bench/feed.ts). Items whose subject is
 * gone (a deleted rating, a list made private, a former friend whose
 * fan-out raced the unfriend) are left out when hydrating.
 *
 * Hydration is part of that same query (pageRows): the page's subjects,
 * authors, movies (as json) and the viewer's per-movie fields come back in
 * its rows, turned into items by plain functions. Eleven queries and
 * Lucid models per page were ~4 ms of CPU per request (bench/feed.ts).
 * Pages are then cached per reader (feed_cache.ts: what drops them).
 */
export default class FeedService {
  async feed(user: User, before: string | undefined, limit: number): Promise<FeedPage> {
    const cursor = before ? decodeCursor(before) : null
    const variant = `${visibilityClass(viewerFor(user))}:${limit}:${before ?? ''}`
    return cachedFeedPage(user.id, variant, async () => {
      const rows = await this.pageRows(user, cursor, limit + 1)
      const page = rows.slice(0, limit)
      const seriesIds = page.flatMap((row) => (row.episode_series_id === null ? [] : [row.episode_series_id]))
      const series = await this.visibleSeries(user, seriesIds)
      const data = page.filter((row) => isShown(row, user.id, series)).map((row) => FeedItemTransformer.item(row, series))
      return {
        page: { data, next_cursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null },
        // Every user and movie the page's rows point at, shown or not: one
        // left out because it was gone or hidden may come back.
        refs: {
          actorIds: page.flatMap((row) => (row.type === 'friendship' ? [row.user_id, row.subject_id] : [row.user_id])),
          movieIds: page.flatMap((row) => (row.movie_id === null ? [] : [row.movie_id])),
          seriesIds,
        },
      }
    })
  }

  /**
   * Summaries (with the viewer's fields) of the shows of a page's episode
   * entries that the viewer may see. Only pages with episode entries pay
   * for these few queries; movie items stay in the one page query.
   */
  private async visibleSeries(viewer: User, seriesIds: number[]): Promise<Map<number, ViewerSeriesSummary>> {
    if (!seriesIds.length) return new Map()
    const visible = await Series.query()
      .apply((scopes) => scopes.visibleTo(viewerFor(viewer)))
      .whereIn('series.id', [...new Set(seriesIds)])
      .select('series.id')
    return seriesSummaries(
      visible.map((series) => series.id),
      viewer.id
    )
  }

  private pageRows(viewer: User, cursor: [string, string] | null, limit: number): Promise<ActivityRow[]> {
    const page = db
      .from('feed_items')
      .join('activities', 'activities.id', 'feed_items.activity_id')
      .where('feed_items.owner_id', viewer.id)
      .if(cursor !== null, (query) =>
        query.whereRaw('(feed_items.created_at, feed_items.activity_id) < (?::timestamptz, ?::bigint)', cursor!)
      )
      .orderBy('feed_items.created_at', 'desc')
      .orderBy('feed_items.activity_id', 'desc')
      .limit(limit)
      .select(
        'activities.id',
        'activities.user_id',
        'activities.type',
        'activities.subject_id',
        'activities.movie_id',
        'feed_items.created_at',
        // Exact (µs) text form for the cursor; a JS Date would round it to ms.
        db.raw('feed_items.created_at::text AS cursor_ts')
      )
    const friendshipOf = (a: string, b: string) =>
      `EXISTS (SELECT 1 FROM friendships WHERE user_low_id = LEAST(${a}, ${b}) AND user_high_id = GREATEST(${a}, ${b}))`
    return db
      .query()
      .with('page', page)
      .from('page')
      .leftJoin('users as actor', 'actor.id', 'page.user_id')
      .leftJoin('ratings', (join) => join.on('ratings.id', 'page.subject_id').andOnIn('page.type', ['rating', 'review']))
      .leftJoin('diary_entries', (join) => join.on('diary_entries.id', 'page.subject_id').andOnVal('page.type', 'diary_entry'))
      .leftJoin('episode_diary_entries as episode_entries', (join) =>
        join.on('episode_entries.id', 'page.subject_id').andOnVal('page.type', 'diary_entry').andOnNull('page.movie_id')
      )
      .leftJoin('episodes', 'episodes.id', 'episode_entries.episode_id')
      .leftJoin('lists', (join) =>
        join
          .on('lists.id', 'page.subject_id')
          .andOnVal('page.type', 'list_created')
          .andOnIn('lists.privacy', ['public', 'friends'])
      )
      .leftJoin('users as friend', (join) => join.on('friend.id', 'page.subject_id').andOnVal('page.type', 'friendship'))
      .orderBy('page.created_at', 'desc')
      .orderBy('page.id', 'desc')
      .select(
        'page.*',
        'actor.username as actor_username',
        'actor.display_name as actor_display_name',
        'actor.avatar_path as actor_avatar_path',
        db.raw(`${friendshipOf('page.user_id', '?::int')} AS actor_is_friend`, [viewer.id, viewer.id]),
        visibleMovieSummaryRow('page.movie_id', viewerFor(viewer)).as('movie'),
        db.from('ratings as own').where('own.user_id', viewer.id).whereColumn('own.movie_id', 'page.movie_id').select('own.rating').as('viewer_rating'),
        db.raw('EXISTS (SELECT 1 FROM watchlist_items WHERE user_id = ? AND movie_id = page.movie_id) AS viewer_in_watchlist', [viewer.id]),
        db.raw('EXISTS (SELECT 1 FROM favorites WHERE user_id = ? AND movie_id = page.movie_id) AS viewer_favorite', [viewer.id]),
        'ratings.id as rating_id',
        'ratings.rating as rating_value',
        'ratings.review as rating_review',
        db.raw('ratings.hidden_at IS NOT NULL AS rating_hidden'),
        'ratings.contains_spoilers as rating_spoilers',
        'diary_entries.id as diary_id',
        db.raw(`to_char(diary_entries.watched_on, 'YYYY-MM-DD') AS diary_watched_on`),
        'diary_entries.rewatch as diary_rewatch',
        'diary_entries.rating as diary_rating',
        'episode_entries.id as episode_diary_id',
        db.raw(`to_char(episode_entries.watched_on, 'YYYY-MM-DD') AS episode_diary_watched_on`),
        'episode_entries.rewatch as episode_diary_rewatch',
        'episode_entries.rating as episode_diary_rating',
        'episode_entries.series_id as episode_series_id',
        'episodes.season_number as episode_season_number',
        'episodes.episode_number as episode_number',
        'episodes.name as episode_name',
        db.raw(`page.type = 'watchlist_add' AND EXISTS (SELECT 1 FROM watchlist_items WHERE id = page.subject_id) AS watchlist_exists`),
        'lists.id as list_id',
        'lists.title as list_title',
        'lists.description as list_description',
        'lists.privacy as list_privacy',
        'friend.id as friend_id',
        'friend.username as friend_username',
        'friend.display_name as friend_display_name',
        'friend.avatar_path as friend_avatar_path',
        db.raw(`friend.id IS NOT NULL AND ${friendshipOf('page.user_id', 'page.subject_id')} AS friend_pair_exists`),
        db.raw(
          `friend.id IS NOT NULL AND EXISTS (SELECT 1 FROM blocks
             WHERE (blocker_id = ? AND blocked_id = friend.id) OR (blocker_id = friend.id AND blocked_id = ?)) AS friend_hidden`,
          [viewer.id, viewer.id]
        )
      )
  }

  /** GET /movies/:id/friends: friends who rated, reviewed, logged or watchlisted the movie. */
  async movieFriends(viewer: User, movieId: number, page: PageRequest, path: string, query: Record<string, unknown>): Promise<Page<MovieFriend>> {
    await findVisibleMovieOrFail(movieId, viewer)
    const diary = db.from('diary_entries').whereColumn('diary_entries.user_id', 'users.id').where('diary_entries.movie_id', movieId)
    const base = db
      .from('users')
      .whereIn('users.id', friendIdsQuery(viewer.id))
      .leftJoin('ratings', (join) => join.on('ratings.user_id', 'users.id').andOnVal('ratings.movie_id', movieId))
      .leftJoin('watchlist_items', (join) =>
        join.on('watchlist_items.user_id', 'users.id').andOnVal('watchlist_items.movie_id', movieId)
      )
      .where((q) => q.whereNotNull('ratings.id').orWhereNotNull('watchlist_items.id').orWhereExists(diary.clone().select('id')))
    const [totalRow, rows] = await Promise.all([
      base.clone().count('* as total').first(),
      base
        .clone()
        .select(
          'users.id',
          'users.username',
          'users.display_name',
          'users.avatar_path',
          'ratings.rating',
          'ratings.review',
          'ratings.contains_spoilers',
          'watchlist_items.id as watchlist_id',
          diary.clone().max('watched_on').as('last_watched_on')
        )
        .orderByRaw('ratings.rating DESC NULLS LAST')
        .orderBy('users.username', 'asc')
        .offset((page.page - 1) * page.perPage)
        .limit(page.perPage),
    ])
    return {
      data: rows.map((row) => FeedItemTransformer.movieFriend(row)),
      meta: paginationMeta(Number(totalRow?.total ?? 0), page, path, query),
    }
  }
}
