import type { UserState } from '#services/recommender/user_state'

/**
 * Lists cut from a user's in-memory state (GET /me/ratings, the movie-only
 * /me/watchlist and /me/favorites), ordered once per state: a state is
 * replaced, never changed, when the user's library changes, so the memo
 * cannot go stale; the hidden-movie set is part of what it was built from.
 */
const ordered = new WeakMap<UserState, Map<string, { hidden: ReadonlySet<number>; list: unknown[] }>>()

export function orderedOnce<T>(state: UserState, key: string, hidden: ReadonlySet<number>, build: () => T[]): T[] {
  let byKey = ordered.get(state)
  if (!byKey) ordered.set(state, (byKey = new Map()))
  const memo = byKey.get(key)
  if (memo && memo.hidden === hidden) return memo.list as T[]
  const list = build()
  byKey.set(key, { hidden, list })
  return list
}
