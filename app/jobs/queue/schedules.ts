import logger from '@adonisjs/core/services/logger'
import redis from '@adonisjs/redis/services/main'
import env from '#start/env'
import type { QueueName } from '#config/queue'
import queue from '#jobs/queue/queue'

interface Schedule {
  queue: QueueName
  id: string
  pattern: string
  job: string
  data?: Record<string, unknown>
}

/**
 * Repeatable jobs (BullMQ job schedulers). They live only in Redis: a Redis
 * restart without persistence (or a flush) deletes them, so workers check
 * and re-register them (`watchSchedules`), and /health reports missing ones.
 */
export const SCHEDULES: readonly Schedule[] = [
  // Expired data exports (imports queue): files and rows gone within the hour.
  { queue: 'imports', id: 'purge-expired-exports', pattern: '40 * * * *', job: 'purge-expired-exports', data: {} },
  // Expired tokens, old sign-ins and used codes (mail queue, with the codes it sends): nightly.
  { queue: 'mail', id: 'purge-auth-records', pattern: '10 4 * * *', job: 'purge-auth-records', data: {} },
  // TMDB (metadata queue). Nightly ones run in the small hours, UTC.
  { queue: 'metadata', id: 'tmdb-trending-day', pattern: '5 * * * *', job: 'refresh-trending', data: { window: 'day' } },
  { queue: 'metadata', id: 'tmdb-trending-week', pattern: '20 2 * * *', job: 'refresh-trending', data: { window: 'week' } },
  { queue: 'metadata', id: 'tmdb-popular', pattern: '35 2 * * *', job: 'refresh-popular', data: {} },
  { queue: 'metadata', id: 'tmdb-upcoming', pattern: '50 2 * * *', job: 'refresh-upcoming', data: {} },
  // Every 6 h over the last 7 h: an hour of overlap so no change falls between runs.
  { queue: 'metadata', id: 'tmdb-changes', pattern: '15 */6 * * *', job: 'sync-changes', data: { hours: 7 } },
  // Gaps TMDB can fill (credits, images, certifications, people): a batch of movies every hour.
  { queue: 'metadata', id: 'tmdb-gaps-backfill', pattern: '25 * * * *', job: 'backfill-gaps', data: {} },
  // Series discovery: popular and trending shows arrive with their seasons; on the air ones get new episodes.
  { queue: 'metadata', id: 'tmdb-series-trending-day', pattern: '45 */6 * * *', job: 'refresh-series-list', data: { list: 'trending-day' } },
  { queue: 'metadata', id: 'tmdb-series-trending-week', pattern: '5 2 * * *', job: 'refresh-series-list', data: { list: 'trending-week' } },
  { queue: 'metadata', id: 'tmdb-series-popular', pattern: '40 2 * * *', job: 'refresh-series-list', data: { list: 'popular' } },
  { queue: 'metadata', id: 'tmdb-series-on-the-air', pattern: '55 2 * * *', job: 'refresh-series-list', data: { list: 'on-the-air' } },
  // Episodes of every show on someone's watchlist, before people wake up.
  { queue: 'metadata', id: 'tmdb-series-watchlist', pattern: '10 3 * * *', job: 'refresh-watchlist-series', data: {} },
  // Recommender (ml queue): nightly retraining after the TMDB refreshes; a failure keeps the previous model.
  { queue: 'ml', id: 'recommender-nightly', pattern: '30 3 * * *', job: 'train-recommender', data: { trigger: 'nightly' } },
  // Weekly picks (notifications queue): Mondays, after that night's retraining.
  { queue: 'notifications', id: 'recommendation-digest-weekly', pattern: '0 9 * * 1', job: 'recommendation-digest', data: {} },
]

/** Upserting is idempotent, so every worker process may call this at start. */
export async function registerSchedules(only: readonly Schedule[] = SCHEDULES) {
  for (const schedule of only) {
    await queue
      .queue(schedule.queue)
      .upsertJobScheduler(
        schedule.id,
        { pattern: schedule.pattern, tz: 'UTC' },
        { name: schedule.job, data: schedule.data ?? {} }
      )
  }
}

/** The schedules Redis does not hold (any longer). */
export async function missingSchedules(): Promise<Schedule[]> {
  const found = await Promise.all(
    SCHEDULES.map((schedule) => queue.queue(schedule.queue).getJobScheduler(schedule.id))
  )
  return SCHEDULES.filter((_, index) => !found[index])
}

/** Re-registers what is missing; the number restored. */
export async function restoreSchedules(reason: string) {
  const missing = await missingSchedules()
  if (!missing.length) return 0
  await registerSchedules(missing)
  logger.warn(
    { reason, restored: missing.map((schedule) => schedule.id) },
    `${missing.length} repeatable job schedule(s) were gone from Redis and have been registered again`
  )
  return missing.length
}

/**
 * For `queue:work`: registers the schedules, then restores them whenever a
 * queue connection comes back (Redis restarted) and every
 * SCHEDULES_CHECK_INTERVAL_MS (a flush or a restart between two reconnects).
 * Returns a function that stops watching.
 */
export async function watchSchedules() {
  await registerSchedules()
  const restore = (reason: string) =>
    restoreSchedules(reason).catch((error: Error) =>
      logger.warn({ err: error.message }, 'could not check the repeatable job schedules (Redis down?)')
    )

  const timer = setInterval(() => restore('periodic check'), env.get('SCHEDULES_CHECK_INTERVAL_MS', 60_000))
  timer.unref()

  // The main connection's 'ready' after a loss means Redis came back (maybe empty):
  // one check per burst of reconnects.
  const connection = redis.connection().ioConnection
  let pending: NodeJS.Timeout | undefined
  const onReady = () => {
    if (pending) return
    pending = setTimeout(() => {
      pending = undefined
      void restore('Redis reconnected')
    }, 200)
  }
  connection.on('ready', onReady)

  return () => {
    clearInterval(timer)
    if (pending) clearTimeout(pending)
    connection.off('ready', onReady)
  }
}
