import type { ViewerFields } from '#transformers/movie_transformer'
import { hasWatched, type UserState } from '#services/recommender/user_state'
import { userState } from '#services/library/user_state_cache'

/**
 * Per-user fields of movies (`user_rating`, `in_watchlist`, `is_favorite`,
 * `watched`), read from the caller's cached state (user_state_cache.ts):
 * no query per page or per detail once the state is in memory.
 */
export default class ViewerStateService {
  async forMovies(userId: number, movieIds: number[]): Promise<Map<number, ViewerFields>> {
    const state = await userState(userId)
    const out = new Map<number, ViewerFields>()
    for (const id of movieIds) out.set(id, viewerFieldsOf(state, id))
    return out
  }

  /** A movie counts as watched once it is rated, logged in the diary or marked watched. */
  async hasWatched(userId: number, movieId: number): Promise<boolean> {
    return hasWatched(await userState(userId), movieId)
  }

  async withViewerFields<T extends { id: number }>(userId: number, items: T[]): Promise<(T & ViewerFields)[]> {
    const state = await userState(userId)
    return items.map((item) => ({ ...item, ...viewerFieldsOf(state, item.id) }))
  }

  /** The per-user fields plus `watched` (filmographies, collection parts). */
  async withWatched<T extends { id: number }>(
    userId: number,
    items: T[]
  ): Promise<(T & ViewerFields & { watched: boolean })[]> {
    const state = await userState(userId)
    return items.map((item) => ({ ...item, ...viewerFieldsOf(state, item.id), watched: hasWatched(state, item.id) }))
  }

  /**
   * The end of a signed-in MovieDetail's JSON (the shared detail's JSON
   * minus its `}` goes before it): the same keys, in the same order, as
   * `{...detail, user_rating, in_watchlist, is_favorite, watched, predicted_rating}`.
   */
  detailTail(state: UserState, movieId: number, predictedRating: number | null): string {
    const fields = viewerFieldsOf(state, movieId)
    return (
      `,"user_rating":${fields.user_rating ?? 'null'},"in_watchlist":${fields.in_watchlist}` +
      `,"is_favorite":${fields.is_favorite},"watched":${hasWatched(state, movieId)}` +
      `,"predicted_rating":${predictedRating ?? 'null'}}`
    )
  }
}

/** What an anonymous MovieDetail adds to the shared detail's JSON. */
export const ANONYMOUS_DETAIL_TAIL = ',"watched":false}'

/** The per-user fields of a movie for this state (user_rating, in_watchlist, is_favorite). */
export function viewerFieldsOf(state: UserState, movieId: number): ViewerFields {
  return {
    user_rating: state.ratingOf.get(movieId) ?? null,
    in_watchlist: state.watchlist.has(movieId),
    is_favorite: state.favorites.has(movieId),
  }
}
