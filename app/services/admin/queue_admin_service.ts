import type { Job } from 'bullmq'
import queue from '#jobs/queue/queue'
import type { QueueName } from '#config/queue'
import SyncChangesJob from '#jobs/sync_changes_job'
import TrainRecommenderJob from '#jobs/train_recommender_job'

export interface QueueCounts {
  name: QueueName
  waiting: number
  active: number
  delayed: number
  failed: number
  completed: number
}

export interface FailedJob {
  id: string
  name: string
  error: string
  attemptsMade: number
  attempts: number
  failedAt: string | null
}

export const FAILED_PAGE_SIZE = 20

export class UnknownJobError extends Error {}

/** BullMQ queues as the admin panel sees them. */
export default class QueueAdminService {
  isQueue(name: string): name is QueueName {
    return (queue.names as readonly string[]).includes(name)
  }

  async counts(): Promise<QueueCounts[]> {
    return Promise.all(
      queue.names.map(async (name) => {
        const counts = await queue.queue(name).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed')
        return {
          name,
          waiting: counts.waiting ?? 0,
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          failed: counts.failed ?? 0,
          completed: counts.completed ?? 0,
        }
      })
    )
  }

  /** One page of a queue's failed jobs, newest first. */
  async failed(name: QueueName, page: number): Promise<{ jobs: FailedJob[]; total: number }> {
    const q = queue.queue(name)
    const start = (page - 1) * FAILED_PAGE_SIZE
    const [jobs, total] = await Promise.all([q.getFailed(start, start + FAILED_PAGE_SIZE - 1), q.getFailedCount()])
    return { jobs: jobs.filter(Boolean).map((job) => this.describe(job)), total }
  }

  describe(job: Job): FailedJob {
    return {
      id: String(job.id),
      name: job.name,
      error: job.failedReason ?? '',
      attemptsMade: job.attemptsMade,
      attempts: job.opts.attempts ?? 1,
      failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    }
  }

  async retry(name: QueueName, jobId: string) {
    const job = await queue.queue(name).getJob(jobId)
    if (!job || !(await job.isFailed())) throw new UnknownJobError(`No failed job ${jobId} in ${name}`)
    await job.retry('failed')
    return job
  }

  /** Retries every failed job of the queue; returns how many. */
  async retryAll(name: QueueName): Promise<number> {
    const q = queue.queue(name)
    const count = await q.getFailedCount()
    await q.retryJobs({ state: 'failed', count: 1000 })
    return count
  }

  async triggerTmdbSync(hours = 24) {
    const job = await SyncChangesJob.dispatch({ hours })
    return String(job.id)
  }

  async triggerRetraining() {
    const job = await TrainRecommenderJob.dispatch({ trigger: 'manual' })
    return String(job.id)
  }
}
