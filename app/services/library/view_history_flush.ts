import redis from '@adonisjs/redis/services/main'
import db from '@adonisjs/lucid/services/db'

/**
 * The worker side of the view history (FlushViewHistoryJob, and reads that
 * flush first): pending views from Redis into view_history in bulk. Apart
 * from view_history_service.ts, which queues the job that calls this.
 */

/** Views waiting to be written: `userId:movieId:epochMs` strings. */
export const PENDING_VIEWS_KEY = 'view-history:pending'
const FLUSH_BATCH = 1000
/** How long views may wait in Redis before the flush job writes them. */
export const FLUSH_DELAY_MS = 5000

interface Aggregate {
  user_id: number
  movie_id: number
  first_at: string
  last_at: string
  n: number
}

/**
 * Moves pending views into view_history. Views of users or movies deleted
 * meanwhile are dropped. Best effort: a crash between LPOP and the insert
 * loses that batch of history, which is acceptable for browsing history.
 */
export async function flushPendingViews(maxBatches = 50): Promise<number> {
  let written = 0
  for (let batch = 0; batch < maxBatches; batch++) {
    const raw = await redis.lpop(PENDING_VIEWS_KEY, FLUSH_BATCH)
    if (!raw?.length) break
    const rows = aggregate(raw)
    if (rows.length) {
      // One bulk upsert per batch (this is the point of batching, hence raw SQL).
      await db.rawQuery(
        `INSERT INTO view_history (user_id, movie_id, first_viewed_at, last_viewed_at, view_count)
         SELECT v.user_id, v.movie_id, v.first_at, v.last_at, v.n
           FROM json_to_recordset(?::json) AS v(user_id int, movie_id int, first_at timestamptz, last_at timestamptz, n int)
           JOIN users u ON u.id = v.user_id
           JOIN movies m ON m.id = v.movie_id
         ON CONFLICT (user_id, movie_id) DO UPDATE SET
           first_viewed_at = least(view_history.first_viewed_at, excluded.first_viewed_at),
           last_viewed_at = greatest(view_history.last_viewed_at, excluded.last_viewed_at),
           view_count = view_history.view_count + excluded.view_count`,
        [JSON.stringify(rows)]
      )
    }
    written += raw.length
    if (raw.length < FLUSH_BATCH) break
  }
  return written
}

/** One row per user and movie (an upsert may touch a row only once). */
function aggregate(raw: string[]): Aggregate[] {
  const rows = new Map<string, Aggregate>()
  for (const entry of raw) {
    const [userId, movieId, at] = entry.split(':').map(Number)
    if (!Number.isInteger(userId) || !Number.isInteger(movieId) || !Number.isFinite(at)) continue
    const key = `${userId}:${movieId}`
    const iso = new Date(at).toISOString()
    const row = rows.get(key)
    if (!row) {
      rows.set(key, { user_id: userId, movie_id: movieId, first_at: iso, last_at: iso, n: 1 })
    } else {
      if (iso < row.first_at) row.first_at = iso
      if (iso > row.last_at) row.last_at = iso
      row.n++
    }
  }
  return [...rows.values()]
}
