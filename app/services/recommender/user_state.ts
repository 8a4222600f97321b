import { createHash } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import { friendIdsOf } from '#services/social/friendship_gate'

export interface RatedMovie {
  movieId: number
  rating: number
  /** Epoch ms of the latest change. */
  time: number
}

/**
 * What the recommender needs to know about a user, read live on every
 * request: this is how a rating made a second ago already counts.
 */
export interface UserState {
  /** Oldest first. */
  ratings: RatedMovie[]
  /** movie id → the user's rating (the same ratings, for O(1) lookups). */
  ratingOf: Map<number, number>
  watchlist: Set<number>
  /** Watchlist items marked watched. */
  watchedOnWatchlist: Set<number>
  /** movie id → when it was put on the watchlist / marked watched / made a favourite (epoch ms). */
  watchlistAddedAt: Map<number, number>
  watchedAt: Map<number, number>
  favoriteAddedAt: Map<number, number>
  /** Series on the watchlist and among the favourites (their lists are read from the database). */
  seriesWatchlist: Set<number>
  seriesFavorites: Set<number>
  hidden: Set<number>
  /** Movies in the diary (logged as watched). */
  logged: Set<number>
  favorites: Set<number>
  /** Favourite genres picked at onboarding or on the profile. */
  genres: number[]
  friends: { userId: number; name: string; ratings: RatedMovie[] }[]
  /** Changes whenever anything above changes: part of the cache key. */
  fingerprint: string
}

type Kind = 'rating' | 'watchlist' | 'watched' | 'hidden' | 'diary' | 'favorite' | 'genre' | 'series_watchlist' | 'series_favorite'

interface StateRow {
  kind: Kind
  ref: number
  rating: string | number | null
  at: Date | string | null
}

/**
 * Reads a user's ratings, watchlist, hidden movies, diary, favourites and
 * favourite genres in one round trip (UNION ALL), plus their friends'
 * ratings when they have friends.
 */
export async function readUserState(userId: number): Promise<UserState> {
  const rows: StateRow[] = await db
    .from('ratings')
    .where('user_id', userId)
    .select(db.raw(`'rating' AS kind`), 'movie_id AS ref', 'rating', 'updated_at AS at')
    .unionAll((query) => {
      query.from('watchlist_items').where('user_id', userId).select(db.raw(`'watchlist'`), 'movie_id', db.raw('NULL'), 'created_at')
    }, true)
    .unionAll((query) => {
      query
        .from('watchlist_items')
        .where({ user_id: userId, watched: true })
        .select(db.raw(`'watched'`), 'movie_id', db.raw('NULL'), 'watched_at')
    }, true)
    .unionAll((query) => {
      query.from('hidden_recommendations').where('user_id', userId).select(db.raw(`'hidden'`), 'movie_id', db.raw('NULL'), 'created_at')
    }, true)
    .unionAll((query) => {
      query
        .from('diary_entries')
        .where('user_id', userId)
        .select(db.raw(`'diary'`), 'movie_id', db.raw('NULL'), db.raw('max(updated_at)'))
        .groupBy('movie_id')
    }, true)
    .unionAll((query) => {
      query.from('favorites').where('user_id', userId).select(db.raw(`'favorite'`), 'movie_id', db.raw('NULL'), 'created_at')
    }, true)
    .unionAll((query) => {
      query
        .from('series_watchlist_items')
        .where('user_id', userId)
        .select(db.raw(`'series_watchlist'`), 'series_id', db.raw('NULL'), 'created_at')
    }, true)
    .unionAll((query) => {
      query.from('series_favorites').where('user_id', userId).select(db.raw(`'series_favorite'`), 'series_id', db.raw('NULL'), 'created_at')
    }, true)
    .unionAll((query) => {
      query.from('user_genres').where('user_id', userId).select(db.raw(`'genre'`), 'genre_id', db.raw('NULL'), 'created_at')
    }, true)

  const state: UserState = {
    ratings: [],
    ratingOf: new Map(),
    watchlist: new Set(),
    watchedOnWatchlist: new Set(),
    watchlistAddedAt: new Map(),
    watchedAt: new Map(),
    favoriteAddedAt: new Map(),
    seriesWatchlist: new Set(),
    seriesFavorites: new Set(),
    hidden: new Set(),
    logged: new Set(),
    favorites: new Set(),
    genres: [],
    friends: [],
    fingerprint: '',
  }
  const hash = createHash('sha1')
  for (const row of rows) {
    const at = row.at === null ? 0 : new Date(row.at).getTime()
    hash.update(`${row.kind}:${row.ref}:${row.rating ?? ''}:${at};`)
    switch (row.kind) {
      case 'rating':
        state.ratings.push({ movieId: row.ref, rating: Number(row.rating), time: at })
        state.ratingOf.set(row.ref, Number(row.rating))
        break
      case 'watched':
        state.watchedOnWatchlist.add(row.ref)
        state.watchedAt.set(row.ref, at)
        break
      case 'watchlist':
        state.watchlist.add(row.ref)
        state.watchlistAddedAt.set(row.ref, at)
        break
      case 'series_watchlist':
        state.seriesWatchlist.add(row.ref)
        break
      case 'series_favorite':
        state.seriesFavorites.add(row.ref)
        break
      case 'hidden':
        state.hidden.add(row.ref)
        break
      case 'diary':
        state.logged.add(row.ref)
        break
      case 'favorite':
        state.favorites.add(row.ref)
        state.favoriteAddedAt.set(row.ref, at)
        break
      case 'genre':
        state.genres.push(row.ref)
        break
    }
  }
  state.ratings.sort((a, b) => a.time - b.time || a.movieId - b.movieId)
  state.genres.sort((a, b) => a - b)

  const friendIds = await friendIdsOf(userId)
  if (friendIds.length) {
    const [users, ratings] = await Promise.all([
      db.from('users').whereIn('id', friendIds).select('id', 'username', 'display_name'),
      db.from('ratings').whereIn('user_id', friendIds).select('user_id', 'movie_id', 'rating', 'updated_at').orderBy('id'),
    ])
    for (const user of users) {
      const own = ratings
        .filter((r) => r.user_id === user.id)
        .map((r) => ({ movieId: r.movie_id, rating: Number(r.rating), time: new Date(r.updated_at).getTime() }))
      state.friends.push({ userId: user.id, name: user.display_name ?? user.username, ratings: own })
      for (const r of own) hash.update(`friend:${user.id}:${r.movieId}:${r.rating};`)
    }
  }
  state.fingerprint = hash.digest('base64url').slice(0, 16)
  return state
}

/** A movie counts as watched once it is rated, logged in the diary or marked watched. */
export function hasWatched(state: UserState, movieId: number): boolean {
  return state.ratingOf.has(movieId) || state.logged.has(movieId) || state.watchedOnWatchlist.has(movieId)
}

/** Movie ids no list may recommend: rated, logged, hidden, and the watchlist unless asked for. */
export function excludedMovieIds(state: UserState, includeWatchlist = false): Set<number> {
  const out = new Set<number>([...state.hidden, ...state.logged])
  for (const r of state.ratings) out.add(r.movieId)
  if (!includeWatchlist) for (const id of state.watchlist) out.add(id)
  return out
}
