import queue from '#services/queue'

/**
 * Repeatable jobs (BullMQ job schedulers). Upserting is idempotent, so every
 * worker process may call this at start.
 */
export async function registerSchedules() {
  const schedules: { queue: Parameters<typeof queue.queue>[0]; id: string; pattern: string; job: string }[] = []
  for (const schedule of schedules) {
    await queue
      .queue(schedule.queue)
      .upsertJobScheduler(schedule.id, { pattern: schedule.pattern, tz: 'UTC' }, { name: schedule.job, data: {} })
  }
}
