import type { Job, JobsOptions } from 'bullmq'
import type { QueueName } from '#config/queue'
import queue from '#services/queue'

/** The payload type a job class's `handle` takes. */
export type PayloadOf<T> = T extends { new (): BaseJob<infer P> } ? P : never

/**
 * A job is a small class: a typed payload, the queue it runs on, and a
 * `handle`. `dispatch` sets a deterministic job id when `jobId` is defined,
 * so the same work queued twice runs once while the first is pending.
 */
export default abstract class BaseJob<Payload> {
  static queueName: QueueName
  static jobName: string
  static options: JobsOptions = {}

  /** Deduplication key for a payload; undefined lets BullMQ pick an id. */
  static jobId(_payload: unknown): string | undefined {
    return undefined
  }

  abstract handle(payload: Payload, job: Job<Payload>): Promise<unknown>

  static dispatch<P, T extends { new (): BaseJob<any> } & typeof BaseJob>(
    this: T,
    payload: P,
    options: JobsOptions = {}
  ) {
    const jobId = this.jobId(payload)
    return queue.dispatch(this.queueName, this.jobName, payload, {
      ...this.options,
      ...(jobId ? { jobId } : {}),
      ...options,
    })
  }
}
