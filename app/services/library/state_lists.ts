import type { UserState } from '#services/recommender/user_state'
import type { PageRequest } from '#services/http/pagination'
import type { ViewerMovieSummary } from '#services/catalogue/movie_summaries'
import { hiddenMovieIds } from '#services/catalogue/hidden_movies'
import { cardSummaries } from '#services/recommender/movie_cards'
import { viewerFieldsOf } from '#services/library/viewer_state_service'

/**
 * Lists cut from a user's in-memory state (GET /me/ratings, the movie-only
 * /me/watchlist and /me/favorites) over the shared movie cards: no query
 * once both are warm. Each list is ordered once per state: a state is
 * replaced, never changed, when the user's library changes, so the memo
 * cannot go stale; the hidden-movie set is part of what it was built from.
 */
const ordered = new WeakMap<UserState, Map<string, { hidden: ReadonlySet<number>; list: unknown[] }>>()

function orderedOnce<T>(state: UserState, key: string, hidden: ReadonlySet<number>, build: () => T[]): T[] {
  let byKey = ordered.get(state)
  if (!byKey) ordered.set(state, (byKey = new Map()))
  const memo = byKey.get(key)
  if (memo && memo.hidden === hidden) return memo.list as T[]
  const list = build()
  byKey.set(key, { hidden, list })
  return list
}

/**
 * One page of the list `build` makes (hidden movies already left out; `key`
 * names the list, its order and filters), each entry with its movie: the
 * shared card plus the caller's fields. Entries whose movie is gone drop out.
 */
export async function statePage<T extends { movieId: number }>(
  state: UserState,
  key: string,
  build: (hidden: ReadonlySet<number>) => T[],
  page: PageRequest
): Promise<{ total: number; items: (T & { movie: ViewerMovieSummary })[] }> {
  const hidden = await hiddenMovieIds()
  const list = orderedOnce(state, key, hidden, () => build(hidden))
  const slice = list.slice((page.page - 1) * page.perPage, page.page * page.perPage)
  const cards = await cardSummaries(slice.map((entry) => entry.movieId))
  return {
    total: list.length,
    items: slice
      .filter((entry) => cards.has(entry.movieId))
      .map((entry) => ({ ...entry, movie: { ...cards.get(entry.movieId)!, ...viewerFieldsOf(state, entry.movieId) } })),
  }
}
