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
    main: {
      ...redisConnection,
      keyPrefix: '',
      retryStrategy(times) {
        return times > 10 ? null : times * 50
      },
    },
  },
})

export default redisConfig

declare module '@adonisjs/redis/types' {
  export interface RedisConnections extends InferConnections<typeof redisConfig> {}
}
