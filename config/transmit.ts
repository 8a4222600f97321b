import env from '#start/env'
import { defineConfig } from '@adonisjs/transmit'
import { RedisTransport } from '@boringnode/bus/transports/redis'
import { redisConnection } from '#config/redis'
import { GracefulRedis } from '#services/realtime/graceful_redis'

/**
 * The Redis transport lets every app process (and the queue workers, which
 * create notifications) deliver broadcasts made on any other process.
 * TRANSMIT_REDIS_URL may point it at another Redis than the main one.
 * Pub/sub ignores the db index, so the channel carries it: two apps (or two
 * test runs) on different REDIS_DBs of one Redis never see each other's events.
 */
function transportConnection() {
  const url = env.get('TRANSMIT_REDIS_URL')
  if (!url) return redisConnection
  const parsed = new URL(url)
  return { host: parsed.hostname, port: Number(parsed.port || 6379), db: 0 }
}

export default defineConfig({
  pingInterval: '30s',
  transport: {
    // Duplicates of a lazy GracefulRedis: they wait to be connected before quitting
    // (the exit-1 race of short ace commands, see GracefulRedis).
    driver: () => new RedisTransport(new GracefulRedis({ ...transportConnection(), keyPrefix: 'transmit', lazyConnect: true })),
    channel: `marquee::transmit::db${redisConnection.db}`,
  },
})
