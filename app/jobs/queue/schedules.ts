import logger from '@adonisjs/core/services/logger'
import redis from '@adonisjs/redis/services/main'
import env from '#start/env'
import type { QueueName } from '#config/queue'
import queue from '#jobs/queue/queue'
import { jobs, type JobDefinition, type JobName, type JobSchedule } from '#jobs/registry'

export interface Schedule extends JobSchedule {
  queue: QueueName
  job: JobName
}

/**
 * Repeatable jobs (BullMQ job schedulers), as the job registry lists them
 * (app/jobs/registry.ts). They live only in Redis: a Redis restart without
 * persistence (or a flush) deletes them, so workers check and re-register
 * them (`watchSchedules`), and /health reports missing ones.
 */
export const SCHEDULES: readonly Schedule[] = Object.entries(jobs).flatMap(([job, definition]: [string, JobDefinition]) =>
  (definition.schedules ?? []).map((schedule) => ({ ...schedule, queue: definition.queue, job: job as JobName }))
)

/** Upserting is idempotent, so every worker process may call this at start. */
export async function registerSchedules(only: readonly Schedule[] = SCHEDULES) {
  for (const schedule of only) {
    await queue
      .queue(schedule.queue)
      .upsertJobScheduler(
        schedule.id,
        { pattern: schedule.pattern, tz: 'UTC' },
        { name: schedule.job, data: schedule.data }
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
