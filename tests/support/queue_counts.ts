import queue from '#jobs/queue/queue'
import type { QueueName } from '#config/queue'

type PendingState = 'waiting' | 'active' | 'delayed' | 'prioritized' | 'waiting-children'

const PENDING: PendingState[] = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']

/**
 * Job counts of a queue leaving out the next runs of the repeatable
 * schedules: the suite registers them as queue:work does (/health checks
 * them), and their delayed jobs are not work a test is waiting for.
 */
export async function pendingJobCounts(
  name: QueueName,
  states: PendingState[] = PENDING
): Promise<Record<string, number>> {
  const target = queue.queue(name)
  const counts = await target.getJobCounts(...states)
  if (states.includes('delayed') && counts.delayed) {
    const delayed = await target.getDelayed(0, -1)
    counts.delayed = delayed.filter((job) => !job.repeatJobKey).length
  }
  return counts
}

/** The total of pendingJobCounts. */
export async function pendingJobCount(name: QueueName, states: PendingState[] = PENDING): Promise<number> {
  const counts = await pendingJobCounts(name, states)
  return Object.values(counts).reduce((sum, count) => sum + count, 0)
}
