import type User from '#models/user'
import type { MaturityFilter } from '#models/user'

/**
 * Who is looking at the catalogue. The maturity class decides which titles
 * are visible, so it is part of every shared cache key.
 */
export interface Viewer {
  user: User | null
  maturity: MaturityFilter
  showsAdult: boolean
}

export function viewerFor(user: User | null | undefined): Viewer {
  if (!user) return { user: null, maturity: 'all', showsAdult: false }
  return { user, maturity: user.maturityFilter, showsAdult: user.showsAdultTitles }
}

/**
 * Staff looking at a title they manage (e.g. the one they just created):
 * their own maturity filter must not hide it from them.
 */
export function staffViewerFor(user: User): Viewer {
  return { user, maturity: 'adult', showsAdult: true }
}

/** `all` | `teen` | `adult`: viewers of one class see the same titles. */
export function visibilityClass(viewer: Viewer) {
  if (viewer.showsAdult) return 'adult'
  return viewer.maturity === 'teen' ? 'teen' : 'all'
}
