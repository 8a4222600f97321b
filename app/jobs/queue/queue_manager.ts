import { Queue, Worker, QueueEvents, type Job, type JobsOptions, type WorkerOptions } from 'bullmq'
import type { QueueName } from '#config/queue'

export interface QueueManagerConfig {
  connection: Record<string, unknown>
  prefix: string
  queues: readonly QueueName[]
  concurrency: Record<QueueName, number>
  tmdbRateLimit: { max: number; duration: number }
  stall: Pick<WorkerOptions, 'lockDuration' | 'stalledInterval' | 'maxStalledCount'>
}

export type Processor = (job: Job) => Promise<unknown>

/**
 * Owns every BullMQ queue, worker and event stream of the process, created
 * lazily, and closes them on shutdown (open Redis sockets would keep tests
 * and servers from exiting).
 */
export default class QueueManager {
  #queues = new Map<QueueName, Queue>()
  #events = new Map<QueueName, QueueEvents>()
  #workers: Worker[] = []

  constructor(readonly config: QueueManagerConfig) {}

  get names() {
    return this.config.queues
  }

  queue(name: QueueName): Queue {
    let queue = this.#queues.get(name)
    if (!queue) {
      // Producers (HTTP requests) fail at once while Redis is down instead of
      // queueing the command; workers and event streams keep waiting (BullMQ's rule).
      queue = new Queue(name, {
        connection: { ...this.config.connection, enableOfflineQueue: false },
        prefix: this.config.prefix,
      })
      this.#queues.set(name, queue)
    }
    return queue
  }

  /** Completion/failure events of a queue, for callers that wait on a job. */
  async events(name: QueueName): Promise<QueueEvents> {
    let events = this.#events.get(name)
    if (!events) {
      events = new QueueEvents(name, { connection: this.config.connection, prefix: this.config.prefix })
      this.#events.set(name, events)
      await events.waitUntilReady()
    }
    return events
  }

  dispatch<Data>(name: QueueName, jobName: string, data: Data, options: JobsOptions = {}) {
    return this.queue(name).add(jobName, data, {
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 5000 },
      attempts: 3,
      backoff: { type: 'exponential', delay: 2000 },
      ...options,
    })
  }

  work(name: QueueName, processor: Processor, options: Partial<WorkerOptions> = {}) {
    const worker = new Worker(name, processor, {
      connection: this.config.connection,
      prefix: this.config.prefix,
      concurrency: this.config.concurrency[name] ?? 1,
      ...this.config.stall,
      ...options,
    })
    this.#workers.push(worker)
    return worker
  }

  get workers() {
    return [...this.#workers]
  }

  /** Workers first (they finish their current job), then queues and events. */
  async close() {
    await Promise.allSettled(this.#workers.map((worker) => worker.close()))
    this.#workers = []
    await Promise.allSettled([...this.#events.values()].map((events) => events.close()))
    this.#events.clear()
    await Promise.allSettled([...this.#queues.values()].map((queue) => queue.close()))
    this.#queues.clear()
  }
}
