import env from '#start/env'
import { redisConnection } from '#config/redis'

/**
 * BullMQ queues. Each queue has its own worker pool (`node ace queue:work`).
 * BullMQ needs `maxRetriesPerRequest: null` on its blocking connections.
 */
const queueConfig = {
  connection: {
    ...redisConnection,
    maxRetriesPerRequest: null,
    // Back within a second of Redis (BullMQ's default backs off to 20 s).
    retryStrategy: (times: number) => Math.min(times * 100, 1000),
  },
  prefix: env.get('QUEUE_PREFIX', env.get('NODE_ENV') === 'test' ? 'marquee-test' : 'marquee'),
  queues: ['metadata', 'mail', 'notifications', 'ml', 'imports'] as const,
  concurrency: {
    metadata: 4,
    mail: 4,
    notifications: 4,
    ml: 1,
    imports: 2,
  },
  /**
   * Stall detection: a worker renews its job locks every lockDuration/2 while
   * its event loop runs; a killed worker's job is put back within
   * lockDuration + stalledInterval (≤ 12 s) by any other worker. CPU-heavy
   * work (recommender training) runs in a worker thread, so the loop never
   * blocks that long. Two stalls fail the job (a job that kills its worker).
   */
  stall: { lockDuration: 8_000, stalledInterval: 4_000, maxStalledCount: 2 },
  /** TMDB allows ~50 requests/s; the metadata worker stays under it. */
  tmdbRateLimit: { max: env.get('TMDB_REQUESTS_PER_SECOND', 40), duration: 1000 },
}

export default queueConfig
export type QueueName = (typeof queueConfig.queues)[number]
