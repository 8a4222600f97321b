import { once } from 'node:events'
import { Redis, type RedisOptions } from 'ioredis'

/** Longest wait at shutdown for a connection still dialling Redis before it is cut. */
const SETTLE_TIMEOUT_MS = 3000

/**
 * An ioredis connection whose QUIT waits for the connection to settle, for
 * the pub/sub buses of the cache (bentocache) and of Transmit.
 *
 * Both libraries create their bus in the shutdown hook when nothing used it
 * yet (to close it), and both send a SUBSCRIBE at creation that nobody awaits.
 * Quitting such a connection while it is still connecting closes the socket
 * before the SUBSCRIBE is answered; ioredis then rejects it with "Connection
 * is closed." and the unhandled rejection ends short ace commands with exit 1.
 * Waiting for `ready` (or `end`) first lets the queued commands be answered,
 * then QUIT reads the pending replies. `duplicate()` keeps the class, as the
 * bus transports only use duplicates of the connection they are given.
 */
export class GracefulRedis extends Redis {
  constructor(options: RedisOptions) {
    super(options)
  }

  override duplicate(override?: Partial<RedisOptions>): GracefulRedis {
    return new GracefulRedis({ ...this.options, ...override })
  }

  override async quit(): Promise<'OK'> {
    if (this.status === 'connecting' || this.status === 'connect' || this.status === 'reconnecting') {
      await settled(this)
    }
    // Never dialled (lazy, nothing queued) or already closed: nothing to say goodbye to.
    if (this.status === 'wait' || this.status === 'end' || this.status === 'close') {
      this.disconnect()
      return 'OK'
    }
    if (this.status !== 'ready') {
      // Redis unreachable for SETTLE_TIMEOUT_MS: stop reconnecting; queued commands fail with their own callers.
      this.disconnect()
      return 'OK'
    }
    return super.quit()
  }
}

async function settled(connection: Redis) {
  const abort = new AbortController()
  const timeout = setTimeout(() => abort.abort(), SETTLE_TIMEOUT_MS)
  // Aborting rejects the waits still pending (timeout, or the one that lost the race).
  const waitFor = (event: string) => once(connection, event, { signal: abort.signal }).catch(() => undefined)
  await Promise.race([waitFor('ready'), waitFor('end')])
  clearTimeout(timeout)
  abort.abort()
}
