import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import cache from '@adonisjs/cache/services/main'
import { smtpSink } from '#tests/support/smtp_sink'
import queue from '#jobs/queue/queue'
import { localAuthCache } from '#services/auth/local_auth_cache'
import modelStore from '#services/recommender/model_store'
import { userStateCache } from '#services/library/user_state_cache'
import { movieDetailCache } from '#services/catalogue/movie_detail_cache'
import { hiddenMoviesCache } from '#services/catalogue/hidden_movies'

let tables: string[] | undefined

/**
 * Empties every application table, the response cache and the rate-limit
 * counters, so each test starts from the same state and builds its own data.
 */
export async function resetState() {
  if (!tables) {
    const result = await db.rawQuery(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'adonis_schema%'`
    )
    tables = result.rows.map((row: { tablename: string }) => row.tablename)
  }
  // Jobs a previous test queued (feed fan-out, notifications, history) must
  // neither run against this test's data nor hold locks the TRUNCATE needs.
  await settleQueues()
  if (tables!.length) {
    await truncateWithRetry(`TRUNCATE ${tables!.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY CASCADE`)
  }
  await cache.clear()
  await deleteKeys('rlflx*')
  // Login-session state, IP failures and blocks (app/services/auth): ids restart with the tables.
  await deleteKeys('auth:*')
  // …and their in-process copies (the guard's L1 of session state and users).
  localAuthCache.clear()
  // The recommender model in memory belongs to the tables just emptied (a job may have trained one).
  modelStore.reset()
  // …and the per-user states and movie details (their ids restart too).
  userStateCache.clear()
  movieDetailCache.clear()
  hiddenMoviesCache.clear()
  smtpSink.clear()
}

async function deleteKeys(pattern: string) {
  let cursor = '0'
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000)
    cursor = next
    if (keys.length) await redis.del(...keys)
  } while (cursor !== '0')
}

/** Drops pending jobs and waits (up to 10 s) for the running ones to finish. */
async function settleQueues() {
  const deadline = Date.now() + 10_000
  for (;;) {
    let active = 0
    for (const name of queue.names) {
      const q = queue.queue(name)
      await q.drain(true)
      active += await q.getActiveCount()
    }
    if (active === 0 || Date.now() > deadline) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** A job finishing in the background can still deadlock with TRUNCATE: try again. */
async function truncateWithRetry(sql: string, attempts = 5) {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.rawQuery(sql)
      return
    } catch (error) {
      if ((error as { code?: string }).code !== '40P01' || attempt >= attempts) throw error
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt))
    }
  }
}
