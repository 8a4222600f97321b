import db from '@adonisjs/lucid/services/db'

/**
 * The social checks that engagement features depend on (list privacy
 * `friends`, blocks hiding a user's lists, reviews and comments). Every
 * caller goes through here; the tables are those of migration 0040.
 */

/** A friendship row is stored once, lower id first. */
export function friendshipPair(a: number, b: number) {
  return a < b ? { user_low_id: a, user_high_id: b } : { user_low_id: b, user_high_id: a }
}

/** Whether users `a` and `b` are friends (symmetric). */
export async function areFriends(a: number, b: number): Promise<boolean> {
  if (a === b) return false
  const row = await db.from('friendships').where(friendshipPair(a, b)).select('user_low_id').first()
  return Boolean(row)
}

/** A query of the ids of `userId`'s friends (one column, `id`), for subqueries. */
export function friendIdsQuery(userId: number) {
  return db
    .from('friendships')
    .where('user_low_id', userId)
    .select('user_high_id as id')
    .unionAll((query) => query.from('friendships').where('user_high_id', userId).select('user_low_id as id'))
}

/** Ids of `userId`'s friends, for listing queries (`friends` lists). */
export async function friendIdsOf(userId: number): Promise<number[]> {
  const rows: { id: number }[] = await friendIdsQuery(userId)
  return rows.map((row) => row.id)
}

/** Whether either user blocked the other: a blocked user sees nothing of the blocker. */
export async function isBlockedBetween(a: number, b: number): Promise<boolean> {
  if (a === b) return false
  const row = await db
    .from('blocks')
    .where((query) => query.where({ blocker_id: a, blocked_id: b }).orWhere({ blocker_id: b, blocked_id: a }))
    .select('blocker_id')
    .first()
  return Boolean(row)
}

/** Whether `blockerId` blocked `blockedId` (one direction). */
export async function hasBlocked(blockerId: number, blockedId: number): Promise<boolean> {
  const row = await db.from('blocks').where({ blocker_id: blockerId, blocked_id: blockedId }).select('blocker_id').first()
  return Boolean(row)
}

/** Users whose content `viewerId` must not see (blocks in either direction). */
export async function hiddenUserIdsFor(viewerId: number | null): Promise<number[]> {
  if (viewerId === null) return []
  const rows: { id: number }[] = await db
    .from('blocks')
    .where('blocked_id', viewerId)
    .select('blocker_id as id')
    .unionAll((query) => query.from('blocks').where('blocker_id', viewerId).select('blocked_id as id'))
  return [...new Set(rows.map((row) => row.id))]
}
