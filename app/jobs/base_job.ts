import type { Job, JobsOptions } from 'bullmq'
import type { QueueName } from '#config/queue'
import queue from '#jobs/queue/queue'
import { queueOf, type JobName } from '#jobs/registry'

/** The payload a job instance's `handle` takes. */
export type PayloadOf<J> = J extends BaseJob<infer P> ? P : never

/** A concrete job class: constructible, with the statics `dispatch` reads. */
type JobClass<J> = (new (...args: any[]) => J) & Pick<typeof BaseJob, 'queueName' | 'jobName' | 'options' | 'jobId'>

/**
 * A job is a small class: its name in the registry (app/jobs/registry.ts,
 * which gives its queue), a typed payload and a `handle`. `dispatch` sets a
 * deterministic job id when `jobId` is defined, so the same work queued
 * twice runs once while the first is pending.
 */
export default abstract class BaseJob<Payload> {
  /** Declared `as const` by each job: the registry's name for it. */
  static jobName: JobName
  static options: JobsOptions = {}

  /** The queue it runs on, as the registry says. */
  static get queueName(): QueueName {
    return queueOf(this.jobName)
  }

  /** Deduplication key for a payload; undefined lets BullMQ pick an id. */
  static jobId(_payload: unknown): string | undefined {
    return undefined
  }

  abstract handle(payload: Payload, job: Job<Payload>): Promise<unknown>

  /**
   * Queues the job with its payload type checked against `handle`. BullMQ
   * ignores an id it still keeps as completed or failed (kept for
   * inspection), so such a finished run is removed first: a fixed id dedups
   * pending work without blocking the same work later.
   */
  static async dispatch<J extends BaseJob<any>>(this: JobClass<J>, payload: PayloadOf<J>, options: JobsOptions = {}) {
    const jobId = options.jobId ?? this.jobId(payload)
    if (jobId) await removeFinishedJob(this.queueName, jobId)
    return queue.dispatch(this.queueName, this.jobName, payload, {
      ...this.options,
      ...(jobId ? { jobId } : {}),
      ...options,
    })
  }
}

async function removeFinishedJob(queueName: QueueName, jobId: string) {
  const existing = await queue.queue(queueName).getJob(jobId)
  if (!existing) return
  const state = await existing.getState()
  if (state === 'completed' || state === 'failed') {
    // Another dispatcher may have removed it first: gone either way.
    await existing.remove().catch(() => {})
  }
}
