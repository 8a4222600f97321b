import type { QueueName } from '#config/queue'
import queue from '#services/queue'

/**
 * A fixed job id dedups pending work, but BullMQ also ignores an id it still
 * keeps as completed or failed (kept for inspection). The TMDB jobs call this
 * before dispatching so the same work can run again once the last run is over.
 */
export async function clearFinishedJob(queueName: QueueName, jobId: string | undefined) {
  if (!jobId) return
  const existing = await queue.queue(queueName).getJob(jobId)
  if (!existing) return
  const state = await existing.getState()
  if (state === 'completed' || state === 'failed') {
    // Another dispatcher may have removed it first: gone either way.
    await existing.remove().catch(() => {})
  }
}
