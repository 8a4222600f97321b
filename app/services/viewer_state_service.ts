import db from '@adonisjs/lucid/services/db'
import type { ViewerFields } from '#transformers/movie_transformer'

/**
 * Per-user fields of movie summaries (`user_rating`, `in_watchlist`,
 * `is_favorite`), read for a whole page in three indexed queries.
 */
export default class ViewerStateService {
  async forMovies(userId: number, movieIds: number[]): Promise<Map<number, ViewerFields>> {
    const state = new Map<number, ViewerFields>()
    for (const id of movieIds) state.set(id, { user_rating: null, in_watchlist: false, is_favorite: false })
    if (!movieIds.length) return state

    const [ratings, watchlist, favorites] = await Promise.all([
      db.from('ratings').where('user_id', userId).whereIn('movie_id', movieIds).select('movie_id', 'rating'),
      db.from('watchlist_items').where('user_id', userId).whereIn('movie_id', movieIds).select('movie_id'),
      db.from('favorites').where('user_id', userId).whereIn('movie_id', movieIds).select('movie_id'),
    ])
    for (const row of ratings) state.get(row.movie_id)!.user_rating = Number(row.rating)
    for (const row of watchlist) state.get(row.movie_id)!.in_watchlist = true
    for (const row of favorites) state.get(row.movie_id)!.is_favorite = true
    return state
  }

  /** A movie counts as watched once it is rated, logged in the diary or marked watched. */
  async hasWatched(userId: number, movieId: number): Promise<boolean> {
    const [rated, watched, logged] = await Promise.all([
      db.from('ratings').where({ user_id: userId, movie_id: movieId }).select('id').first(),
      db
        .from('watchlist_items')
        .where({ user_id: userId, movie_id: movieId, watched: true })
        .select('id')
        .first(),
      db.from('diary_entries').where({ user_id: userId, movie_id: movieId }).select('id').first(),
    ])
    return Boolean(rated || watched || logged)
  }

  async withViewerFields<T extends { id: number }>(userId: number, items: T[]): Promise<(T & ViewerFields)[]> {
    const state = await this.forMovies(
      userId,
      items.map((item) => item.id)
    )
    return items.map((item) => ({ ...item, ...state.get(item.id)! }))
  }
}
