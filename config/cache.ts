import env from '#start/env'
import { configProvider } from '@adonisjs/core'
import { defineConfig, store, drivers } from '@adonisjs/cache'
import { redisBusDriver } from 'bentocache/drivers/redis'
import { redisConnection } from '#config/redis'
import { GracefulRedis } from '#services/realtime/graceful_redis'

/**
 * Two-level cache: a small in-process L1 in front of Redis (L2). The Redis
 * bus keeps every process's L1 in step when a key or tag is invalidated.
 */
const cacheConfig = defineConfig({
  default: 'default',
  ttl: env.get('CACHE_TTL', '15m'),
  prefix: env.get('NODE_ENV') === 'test' ? 'marquee-test-cache' : 'marquee-cache',
  // Redis (L2) failed: skip it for a second (reads go to L1 and the database) instead of
  // every request waiting on it; L2 errors never fail a read (L1 is there).
  l2CircuitBreakerDuration: '1s',
  stores: {
    default: store()
      .useL1Layer(drivers.memory({ maxSize: '64mb' }))
      .useL2Layer(drivers.redis({ connectionName: 'main' }))
      // The bus's two connections are duplicates of this lazy one: they wait to be
      // connected before quitting (see GracefulRedis: the exit-1 race of short commands).
      .useBus(
        configProvider.create(async () =>
          redisBusDriver({ connection: new GracefulRedis({ ...redisConnection, lazyConnect: true }) })
        )
      ),
  },
})

export default cacheConfig

declare module '@adonisjs/cache/types' {
  interface CacheStores extends InferStores<typeof cacheConfig> {}
}
