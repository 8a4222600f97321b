import env from '#start/env'
import { redisConnection } from '#config/redis'

/**
 * BullMQ queues. Each queue has its own worker pool (`node ace queue:work`).
 * BullMQ needs `maxRetriesPerRequest: null` on its blocking connections.
 */
const queueConfig = {
  connection: { ...redisConnection, maxRetriesPerRequest: null },
  prefix: env.get('QUEUE_PREFIX', env.get('NODE_ENV') === 'test' ? 'marquee-test' : 'marquee'),
  queues: ['metadata', 'mail', 'notifications', 'ml', 'imports'] as const,
  concurrency: {
    metadata: 4,
    mail: 4,
    notifications: 4,
    ml: 1,
    imports: 2,
  },
  /** TMDB allows ~50 requests/s; the metadata worker stays under it. */
  tmdbRateLimit: { max: env.get('TMDB_REQUESTS_PER_SECOND', 40), duration: 1000 },
}

export default queueConfig
export type QueueName = (typeof queueConfig.queues)[number]
