import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import { redisConnection } from '#config/redis'
import { LocalAuthCache } from '#services/auth/local_auth_cache'

/**
 * The ids of the movies moderators hid, in process memory: lists read from
 * a user's in-memory state (GET /me/ratings) leave them out without a
 * query. Hidden movies are few, so the whole set is one entry. Only the
 * moderators' hide/unhide changes it, and it announces the change to every
 * process (the auth cache's Redis pub/sub bus, own channel); the TTL bounds
 * a manual SQL edit.
 *
 * Process-wide state: one in-memory cache per process, hence a module instance.
 */
export const hiddenMoviesCache = new LocalAuthCache({
  channel: `marquee:hidden-movies-l1:${redisConnection.db}`,
  ttlMs: 60_000,
  maxEntries: 1,
  connection: redisConnection,
  publish: (channel, message) => redis.publish(channel, message),
})

app.terminating(() => hiddenMoviesCache.close())

const KEY = 'all'

export function hiddenMovieIds(): Promise<ReadonlySet<number>> {
  return hiddenMoviesCache.getOrLoad(KEY, async () => {
    const rows: { id: number }[] = await db.from('movies').where('is_hidden', true).select('id')
    return new Set(rows.map((row) => row.id))
  })
}

/** After a movie is hidden or shown again: here at once, in the other processes when the message arrives. */
export async function invalidateHiddenMovies() {
  await hiddenMoviesCache.invalidate([KEY])
}
