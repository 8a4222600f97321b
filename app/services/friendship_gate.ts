/**
 * The social checks that engagement features depend on (list privacy
 * `friends`, blocks hiding a user's lists, reviews and comments).
 *
 * There is no friendship or block table yet: the social issue adds them and
 * only has to fill in these functions; every caller already goes through
 * here. Until then nobody is anyone's friend and nobody is blocked.
 */

/** Whether users `a` and `b` are friends (symmetric). */
export async function areFriends(a: number, b: number): Promise<boolean> {
  if (a === b) return false
  return false
}

/** Ids of `userId`'s friends, for listing queries (`friends` lists). */
export async function friendIdsOf(_userId: number): Promise<number[]> {
  return []
}

/** Whether either user blocked the other: a blocked user sees nothing of the blocker. */
export async function isBlockedBetween(a: number, b: number): Promise<boolean> {
  if (a === b) return false
  return false
}

/** Users whose content `viewerId` must not see (blocks in either direction). */
export async function hiddenUserIdsFor(viewerId: number | null): Promise<number[]> {
  if (viewerId === null) return []
  return []
}
