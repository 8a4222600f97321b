import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import { friendIdsQuery, hiddenUserIdsFor } from '#services/friendship_gate'
import { findVisibleMovieOrFail, visibleMovieIds } from '#services/movie_lookup'
import { movieSummaries, type ViewerMovieSummary } from '#services/movie_summaries'
import { paginationMeta, type Page, type PageRequest } from '#services/pagination'
import { toIso } from '#services/query_helpers'
import type { ActivityType } from '#services/social/activities'
import { summaryOfRow, userSummaries } from '#services/social/friendship_service'
import type { UserSummary } from '#transformers/user_summary_transformer'

export interface FeedItem {
  id: number
  type: ActivityType
  created_at: string
  user: UserSummary
  movie: ViewerMovieSummary | null
  rating?: number
  review?: { rating_id: number; rating: number; body: string; contains_spoilers: boolean }
  diary_entry?: { id: number; watched_on: string; rewatch: boolean; rating: number | null }
  list?: { id: number; title: string; description: string | null; privacy: string }
  friend?: UserSummary
}

export interface FeedPage {
  data: FeedItem[]
  next_cursor: string | null
}

export interface MovieFriend {
  user: UserSummary
  rating: number | null
  review: string | null
  contains_spoilers: boolean
  last_watched_on: string | null
  in_watchlist: boolean
}

interface ActivityRow {
  id: string
  user_id: number
  type: ActivityType
  subject_id: number
  movie_id: number | null
  created_at: Date
  cursor_ts: string
}

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

const dateOnly = (value: Date | string) => (typeof value === 'string' ? value.slice(0, 10) : DateTime.fromJSDate(value).toISODate()!)

/**
 * The friends feed. Activities are fanned out on write (feed_items, one row
 * per reader, written by app/jobs/feed_fan_out_job.ts), so a page is one
 * short scan of the (owner_id, created_at DESC, activity_id DESC) index
 * whatever the number of friends (bench/feed.ts). Items whose subject is
 * gone (a deleted rating, a list made private, a former friend whose
 * fan-out raced the unfriend) are left out when hydrating.
 */
export default class FeedService {
  async feed(user: User, before: string | undefined, limit: number): Promise<FeedPage> {
    const cursor = before ? decodeCursor(before) : null
    const rows: ActivityRow[] = await db
      .from('feed_items')
      .join('activities', 'activities.id', 'feed_items.activity_id')
      .where('feed_items.owner_id', user.id)
      .if(cursor !== null, (query) =>
        query.whereRaw('(feed_items.created_at, feed_items.activity_id) < (?::timestamptz, ?::bigint)', cursor!)
      )
      .orderBy('feed_items.created_at', 'desc')
      .orderBy('feed_items.activity_id', 'desc')
      .limit(limit + 1)
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
    const page = rows.slice(0, limit)
    return {
      data: await this.hydrate(user, page),
      next_cursor: rows.length > limit ? encodeCursor(page[page.length - 1]) : null,
    }
  }

  private async hydrate(viewer: User, rows: ActivityRow[]): Promise<FeedItem[]> {
    if (!rows.length) return []
    const idsOf = (...types: ActivityType[]) => rows.filter((row) => types.includes(row.type)).map((row) => row.subject_id)
    const ratingIds = idsOf('rating', 'review')
    const diaryIds = idsOf('diary_entry')
    const watchlistIds = idsOf('watchlist_add')
    const listIds = idsOf('list_created')
    const friendshipRows = rows.filter((row) => row.type === 'friendship')
    const movieIds = rows.flatMap((row) => (row.movie_id ? [row.movie_id] : []))
    const pairs = friendshipRows.map((row) => [Math.min(row.user_id, row.subject_id), Math.max(row.user_id, row.subject_id)])

    const actorIds = [...new Set(rows.map((row) => row.user_id))]
    const [users, movies, visibleMovies, hidden, ratings, diary, watchlist, lists, friendships, actorFriends] = await Promise.all([
      userSummaries([...rows.map((row) => row.user_id), ...friendshipRows.map((row) => row.subject_id)]),
      movieSummaries(movieIds, viewer.id),
      visibleMovieIds(movieIds, viewer),
      friendshipRows.length ? hiddenUserIdsFor(viewer.id) : Promise.resolve([] as number[]),
      ratingIds.length ? db.from('ratings').whereIn('id', ratingIds).select('id', 'rating', 'review', 'contains_spoilers') : [],
      diaryIds.length ? db.from('diary_entries').whereIn('id', diaryIds).select('id', 'watched_on', 'rewatch', 'rating') : [],
      watchlistIds.length ? db.from('watchlist_items').whereIn('id', watchlistIds).select('id') : [],
      listIds.length
        ? db.from('lists').whereIn('id', listIds).whereIn('privacy', ['public', 'friends']).select('id', 'title', 'description', 'privacy')
        : [],
      pairs.length ? db.from('friendships').whereIn(['user_low_id', 'user_high_id'], pairs).select('user_low_id', 'user_high_id') : [],
      db
        .from('friendships')
        .whereIn(
          ['user_low_id', 'user_high_id'],
          actorIds.map((id) => [Math.min(id, viewer.id), Math.max(id, viewer.id)])
        )
        .select('user_low_id', 'user_high_id'),
    ])
    const stillFriends = new Set(actorFriends.map((row) => (row.user_low_id === viewer.id ? row.user_high_id : row.user_low_id)))
    const byId = <T extends { id: number | string }>(list: T[]) => new Map(list.map((item) => [Number(item.id), item]))
    const ratingById = byId(ratings)
    const diaryById = byId(diary)
    const watchlistById = byId(watchlist)
    const listById = byId(lists)
    const friendPairs = new Set(friendships.map((row) => `${row.user_low_id}:${row.user_high_id}`))
    const hiddenUsers = new Set(hidden)

    const items: FeedItem[] = []
    for (const row of rows) {
      const user = users.get(row.user_id)
      if (!user || !stillFriends.has(row.user_id)) continue
      let movie: ViewerMovieSummary | null = null
      if (row.movie_id !== null) {
        if (!visibleMovies.has(row.movie_id) || !movies.has(row.movie_id)) continue
        movie = movies.get(row.movie_id)!
      }
      const item: FeedItem = { id: Number(row.id), type: row.type, created_at: toIso(row.created_at), user, movie }
      switch (row.type) {
        case 'rating': {
          const rating = ratingById.get(row.subject_id)
          if (!rating) continue
          item.rating = Number(rating.rating)
          break
        }
        case 'review': {
          const rating = ratingById.get(row.subject_id)
          if (!rating?.review) continue
          item.review = {
            rating_id: Number(rating.id),
            rating: Number(rating.rating),
            body: rating.review,
            contains_spoilers: rating.contains_spoilers,
          }
          break
        }
        case 'diary_entry': {
          const entry = diaryById.get(row.subject_id)
          if (!entry) continue
          item.diary_entry = {
            id: entry.id,
            watched_on: dateOnly(entry.watched_on),
            rewatch: entry.rewatch,
            rating: entry.rating === null ? null : Number(entry.rating),
          }
          break
        }
        case 'watchlist_add':
          if (!watchlistById.has(row.subject_id)) continue
          break
        case 'list_created': {
          const list = listById.get(row.subject_id)
          if (!list) continue
          item.list = { id: list.id, title: list.title, description: list.description, privacy: list.privacy }
          break
        }
        case 'friendship': {
          const friend = users.get(row.subject_id)
          const key = `${Math.min(row.user_id, row.subject_id)}:${Math.max(row.user_id, row.subject_id)}`
          if (!friend || hiddenUsers.has(friend.id) || friend.id === viewer.id || !friendPairs.has(key)) continue
          item.friend = friend
          break
        }
      }
      items.push(item)
    }
    return items
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
      data: rows.map((row) => ({
        user: summaryOfRow(row),
        rating: row.rating === null ? null : Number(row.rating),
        review: row.review ?? null,
        contains_spoilers: Boolean(row.contains_spoilers),
        last_watched_on: row.last_watched_on ? dateOnly(row.last_watched_on) : null,
        in_watchlist: row.watchlist_id !== null,
      })),
      meta: paginationMeta(Number(totalRow?.total ?? 0), page, path, query),
    }
  }
}
