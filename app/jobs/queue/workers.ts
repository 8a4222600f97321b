import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import type { Job } from 'bullmq'
import type { QueueName } from '#config/queue'
import { resolveJob } from '#jobs/queue/job_classes'
import queue from '#jobs/queue/queue'
import type QueueManager from '#jobs/queue/queue_manager'

/**
 * Starts a worker per queue. Shared by `node ace queue:work` and the test
 * suite (a test may pass a manager of its own, e.g. another queue prefix), so jobs run through the same code everywhere.
 */
export function startWorkers(names: readonly QueueName[], manager: QueueManager = queue) {
  return names.map((name) => {
    const worker = manager.work(
      name,
      async (job: Job) => {
        const JobClass = await resolveJob(job.name)
        if (!JobClass) {
          throw new Error(`Unknown job "${job.name}" on queue "${name}"`)
        }
        const instance = await app.container.make(JobClass)
        return instance.handle(job.data, job)
      },
      name === 'metadata' ? { limiter: manager.config.tmdbRateLimit } : {}
    )
    worker.on('failed', (job, error) => {
      logger.warn({ queue: name, job: job?.name, jobId: job?.id, err: error.message }, 'job failed')
    })
    worker.on('error', (error) => logger.error({ queue: name, err: error }, 'worker error'))
    return worker
  })
}
