import { defineConfig } from '@adonisjs/transmit'
import { redis } from '@adonisjs/transmit/transports/redis'
import { redisConnection } from '#config/redis'

/**
 * The Redis transport lets every app process deliver broadcasts made on any
 * other process (the mqtt transport is not installed; import it by path).
 */
export default defineConfig({
  pingInterval: '30s',
  transport: {
    driver: redis({ ...redisConnection, keyPrefix: 'transmit' }),
  },
})
