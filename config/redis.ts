import env from '#start/env'
import { defineConfig } from '@adonisjs/redis'
import type { InferConnections } from '@adonisjs/redis/types'

/**
 * Connection options shared by @adonisjs/redis, BullMQ and Transmit.
 * REDIS_URL wins over REDIS_HOST/REDIS_PORT/REDIS_PASSWORD; REDIS_DB selects
 * the database index (tests use their own).
 */
function connectionOptions() {
  const url = env.get('REDIS_URL')
  if (url) {
    const parsed = new URL(url)
    return {
      host: parsed.hostname,
      port: Number(parsed.port || 6379),
      username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
      password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
      db: env.get('REDIS_DB', Number(parsed.pathname.slice(1) || 0)),
      tls: parsed.protocol === 'rediss:' ? {} : undefined,
    }
  }
  return {
    host: env.get('REDIS_HOST', '127.0.0.1'),
    port: env.get('REDIS_PORT', 6379),
    password: env.get('REDIS_PASSWORD')?.release() || undefined,
    db: env.get('REDIS_DB', 0),
  }
}

export const redisConnection = connectionOptions()

const redisConfig = defineConfig({
  connection: 'main',
  connections: {
    /**
     * Fail fast while Redis is down (requests answer at once: from the
     * database where they can, 503 otherwise) and reconnect for ever:
     * - a command waits at most REDIS_COMMAND_TIMEOUT_MS for its answer;
     * - commands queued while disconnected fail at the next failed reconnect
     *   attempt (maxRetriesPerRequest 0), and attempts come every ≤ 200 ms,
     *   so a request never waits for Redis longer than that;
     * - never give up reconnecting: the app is back within 200 ms of Redis.
     */
    main: {
      ...redisConnection,
      keyPrefix: '',
      commandTimeout: env.get('REDIS_COMMAND_TIMEOUT_MS', 500),
      maxRetriesPerRequest: 0,
      retryStrategy(times) {
        return Math.min(times * 50, 200)
      },
    },
  },
})

export default redisConfig

declare module '@adonisjs/redis/types' {
  export interface RedisConnections extends InferConnections<typeof redisConfig> {}
}
