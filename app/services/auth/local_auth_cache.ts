import { Redis, type RedisOptions } from 'ioredis'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import redis from '@adonisjs/redis/services/main'
import { redisConnection } from '#config/redis'
import { noteOutage } from '#exceptions/dependency_outage'

export interface LocalAuthCacheOptions {
  /** Pub/sub channel shared by every process of one deployment (pub/sub ignores the Redis db index). */
  channel: string
  ttlMs: number
  maxEntries: number
  /** Where the dedicated subscriber connects (a subscribed connection cannot run other commands). */
  connection: RedisOptions
  /** Sends an invalidation to every process (this one included). */
  publish: (channel: string, message: string) => Promise<unknown>
}

interface Entry {
  value: unknown
  expiresAt: number
}

/**
 * In-process (L1) cache for what the JWT guard reads on every request:
 * session state and user rows. It spares the Redis round trip and the model
 * hydration, and stays correct across processes through a Redis pub/sub
 * "bus":
 *
 * - `invalidate(keys)` drops the keys here synchronously (before the caller
 *   answers its request) and then publishes them; every other process drops
 *   them when the message arrives (pub/sub latency, well under a millisecond
 *   on a healthy Redis).
 * - Entries are served only while the subscriber is subscribed. A lost
 *   connection clears everything and turns the cache off until it is back,
 *   so no message can be missed unnoticed.
 * - Fills are guarded by a generation counter: a value read from the source
 *   before an invalidation arrived is not stored after it.
 * - The TTL only bounds writes that bypass `invalidate` (a manual Redis or
 *   SQL edit).
 */
export class LocalAuthCache {
  #entries = new Map<string, Entry>()
  /** Fills under way (`getOrLoad`): one read of the source per key at a time. */
  #loading = new Map<string, Promise<unknown>>()
  #generation = 0
  #subscriber?: Redis
  #connectAttempt = 0
  #live = false
  #closed = false

  constructor(readonly options: LocalAuthCacheOptions) {}

  /** True while entries are served (the subscriber listens for invalidations). */
  get isLive() {
    return this.#live
  }

  get<V>(key: string, now = Date.now()): V | undefined {
    if (!this.#live) {
      this.#connect()
      return undefined
    }
    const entry = this.#entries.get(key)
    if (!entry) return undefined
    if (entry.expiresAt <= now) {
      this.#entries.delete(key)
      return undefined
    }
    return entry.value as V
  }

  /**
   * The cached value, or the one `load` reads (shared by concurrent callers
   * and stored unless an invalidation came in meanwhile). A load that an
   * invalidation overtook is not handed to callers that come after it.
   */
  getOrLoad<V>(key: string, load: () => Promise<V>): Promise<V> {
    const cached = this.get<V>(key)
    if (cached !== undefined) return Promise.resolve(cached)
    const pending = this.#loading.get(key)
    if (pending) return pending as Promise<V>
    const generation = this.#generation
    const loading: Promise<V> = load()
      .then((value) => {
        this.set(key, value, generation)
        return value
      })
      .finally(() => {
        if (this.#loading.get(key) === loading) this.#loading.delete(key)
      })
    this.#loading.set(key, loading)
    return loading
  }

  /** Take this before reading the source; `set` refuses the value if an invalidation came in meanwhile. */
  generation() {
    return this.#generation
  }

  set(key: string, value: unknown, generation: number) {
    if (!this.#live || generation !== this.#generation) return false
    if (this.#entries.size >= this.options.maxEntries) {
      // Maps iterate in insertion order: drop the oldest tenth.
      let drop = Math.max(1, Math.floor(this.options.maxEntries / 10))
      for (const old of this.#entries.keys()) {
        this.#entries.delete(old)
        if (--drop <= 0) break
      }
    }
    this.#entries.delete(key)
    this.#entries.set(key, { value, expiresAt: Date.now() + this.options.ttlMs })
    return true
  }

  /** Drops the keys in this process at once, then in every other one. */
  async invalidate(keys: string[]) {
    if (!keys.length) return
    this.#drop(keys)
    await this.options.publish(this.options.channel, JSON.stringify(keys))
  }

  clear() {
    this.#generation++
    this.#entries.clear()
    this.#loading.clear()
  }

  /** Drops every entry here at once, then in every other process (a message that is not a key list clears). */
  async invalidateAll() {
    this.clear()
    await this.options.publish(this.options.channel, '"*"')
  }

  /** Starts listening now instead of on the first `get` (tests, warm-up). Resolves once live. */
  async start(timeoutMs = 2000) {
    this.#connect()
    const deadline = Date.now() + timeoutMs
    while (!this.#live && !this.#closed && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    return this.#live
  }

  async close() {
    this.#closed = true
    this.#live = false
    this.clear()
    const subscriber = this.#subscriber
    this.#subscriber = undefined
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect())
  }

  #drop(keys: string[]) {
    this.#generation++
    for (const key of keys) {
      this.#entries.delete(key)
      this.#loading.delete(key)
    }
  }

  #connect() {
    if (this.#subscriber || this.#closed) return
    const { channel } = this.options
    // Default ioredis retry strategy: keeps reconnecting, backing off up to 2 s.
    const subscriber = new Redis({ ...this.options.connection, autoResubscribe: false, lazyConnect: false })
    this.#subscriber = subscriber

    subscriber.on('ready', () => {
      const attempt = ++this.#connectAttempt
      subscriber.subscribe(channel).then(
        () => {
          // Anything cached before this point may have missed a message.
          if (attempt === this.#connectAttempt && subscriber.status === 'ready' && !this.#closed) {
            this.clear()
            this.#live = true
          }
        },
        (error: Error) => logger.warn({ err: error.message }, 'auth cache bus: subscribe failed')
      )
    })
    subscriber.on('close', () => {
      this.#live = false
      this.clear()
    })
    // While it is down the guard reads Redis/PostgreSQL; one warning per outage.
    subscriber.on('error', (error: Error) => noteOutage('redis', error))
    subscriber.on('message', (from: string, message: string) => {
      if (from !== channel) return
      let keys: unknown
      try {
        keys = JSON.parse(message)
      } catch {
        keys = undefined
      }
      if (Array.isArray(keys)) this.#drop(keys.map(String))
      else this.clear()
    })
  }
}

/** Process-wide state (one in-memory cache per process), used by session_state.ts and user_cache.ts. */
export const localAuthCache = new LocalAuthCache({
  channel: `marquee:auth-l1:${redisConnection.db}`,
  ttlMs: 10_000,
  maxEntries: 50_000,
  connection: redisConnection,
  publish: (channel, message) => redis.publish(channel, message),
})

app.terminating(() => localAuthCache.close())
