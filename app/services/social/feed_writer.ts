import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { invalidateFeedsOf } from '#services/social/feed_cache'

/** How many of a new friend's past activities enter the other's feed. */
const BACKFILL = 100

/**
 * Writes and prunes feed_items (fan-out on write). Bulk INSERT … SELECT is
 * the point here, hence raw SQL; ON CONFLICT keeps replays idempotent and
 * moves a re-stamped activity (a renewed friendship) to its new time.
 */
export default class FeedWriter {
  /** Copies one activity into the feed of every current friend of its author. */
  async fanOut(activityId: number): Promise<number> {
    const result = await db.rawQuery(
      `INSERT INTO feed_items (owner_id, activity_id, actor_id, created_at)
       SELECT f.id, a.id, a.user_id, a.created_at
       FROM activities a
       CROSS JOIN LATERAL (
         SELECT user_high_id AS id FROM friendships WHERE user_low_id = a.user_id
         UNION ALL
         SELECT user_low_id FROM friendships WHERE user_high_id = a.user_id
       ) f
       WHERE a.id = ?
       ON CONFLICT (owner_id, activity_id) DO UPDATE SET created_at = EXCLUDED.created_at
       RETURNING owner_id`,
      [activityId]
    )
    await invalidateFeedsOf(result.rows.map((row: { owner_id: number }) => row.owner_id))
    return result.rowCount ?? 0
  }

  /** New friends see each other's recent past, not only what comes next. */
  async backfillPair(userA: number, userB: number): Promise<number> {
    let rows = 0
    for (const [owner, actor] of [
      [userA, userB],
      [userB, userA],
    ]) {
      const result = await db.rawQuery(
        `INSERT INTO feed_items (owner_id, activity_id, actor_id, created_at)
         SELECT ?, a.id, a.user_id, a.created_at
         FROM activities a
         WHERE a.user_id = ?
           AND EXISTS (SELECT 1 FROM friendships WHERE user_low_id = LEAST(?::int, ?::int) AND user_high_id = GREATEST(?::int, ?::int))
         ORDER BY a.created_at DESC, a.id DESC
         LIMIT ?
         ON CONFLICT (owner_id, activity_id) DO NOTHING`,
        [owner, actor, owner, actor, owner, actor, BACKFILL]
      )
      rows += result.rowCount ?? 0
    }
    if (rows) await invalidateFeedsOf([userA, userB])
    return rows
  }

  /** Unfriend / block: each one's items leave the other's feed at once. */
  async prunePair(userA: number, userB: number, trx?: TransactionClientContract) {
    const client = trx ?? db
    await client
      .from('feed_items')
      .where((query) =>
        query.where({ owner_id: userA, actor_id: userB }).orWhere({ owner_id: userB, actor_id: userA })
      )
      .delete()
    // Inside a transaction, once it is committed (a reader could cache the old page before).
    if (trx) trx.after('commit', () => invalidateFeedsOf([userA, userB]))
    else await invalidateFeedsOf([userA, userB])
  }
}
