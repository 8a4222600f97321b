import { test } from '@japa/runner'
import redis from '@adonisjs/redis/services/main'
import { redisConnection } from '#config/redis'
import { LocalAuthCache } from '#services/auth/local_auth_cache'

/**
 * Two cache instances on one channel stand in for two processes: each has
 * its own subscriber connection, as a second process would.
 */
function pair() {
  const options = {
    channel: `marquee:auth-l1:unit:${process.pid}:${Date.now()}:${Math.random()}`,
    ttlMs: 10_000,
    maxEntries: 100,
    connection: redisConnection,
    publish: (channel: string, message: string) => redis.publish(channel, message),
  }
  return [new LocalAuthCache(options), new LocalAuthCache(options)] as const
}

async function eventually(check: () => boolean, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5))
  return check()
}

test.group('Auth / in-process auth cache and its Redis bus', (group) => {
  let caches: LocalAuthCache[] = []
  group.each.teardown(async () => {
    await Promise.all(caches.map((cache) => cache.close()))
    caches = []
  })

  test('an invalidation published by another instance reaches this one', async ({ assert }) => {
    const [here, elsewhere] = (caches = [...pair()])
    assert.isTrue(await here.start())
    assert.isTrue(await elsewhere.start())

    assert.isTrue(here.set('session:1', { state: 'active', userId: 7 }, here.generation()))
    assert.isTrue(here.set('session:2', { state: 'active', userId: 8 }, here.generation()))
    assert.deepEqual(here.get('session:1'), { state: 'active', userId: 7 })

    await elsewhere.invalidate(['session:1'])
    assert.isTrue(await eventually(() => here.get('session:1') === undefined))
    // Only the named key went.
    assert.deepEqual(here.get('session:2'), { state: 'active', userId: 8 })
  })

  test('the invalidating instance drops the key before it even publishes', async ({ assert }) => {
    const [here] = (caches = [...pair()])
    assert.isTrue(await here.start())
    here.set('user:3', 'row', here.generation())

    const publishing = here.invalidate(['user:3'])
    assert.isUndefined(here.get('user:3'))
    await publishing
    assert.isUndefined(here.get('user:3'))
  })

  test('a value read before an invalidation arrived is not stored after it', async ({ assert }) => {
    const [here, elsewhere] = (caches = [...pair()])
    assert.isTrue(await here.start())
    assert.isTrue(await elsewhere.start())

    // A fill starts (think: Redis GET in flight)…
    const generation = here.generation()
    // …another process revokes meanwhile…
    await elsewhere.invalidate(['session:5'])
    assert.isTrue(await eventually(() => here.generation() !== generation))
    // …so the stale answer must not be cached.
    assert.isFalse(here.set('session:5', { state: 'active', userId: 1 }, generation))
    assert.isUndefined(here.get('session:5'))
  })

  test('nothing is served while not subscribed, nor after closing', async ({ assert }) => {
    const [here] = (caches = [...pair()])
    assert.isFalse(here.isLive)
    assert.isFalse(here.set('session:9', { state: 'revoked' }, here.generation()))
    assert.isUndefined(here.get('session:9'))

    assert.isTrue(await here.start())
    assert.isTrue(here.set('session:9', { state: 'revoked' }, here.generation()))
    await here.close()
    assert.isFalse(here.isLive)
    assert.isUndefined(here.get('session:9'))
  })

  test('entries expire after the TTL and the size stays bounded', async ({ assert }) => {
    const [here] = (caches = [...pair()])
    assert.isTrue(await here.start())
    here.set('user:1', 'row', here.generation())
    assert.equal(here.get('user:1'), 'row')
    assert.isUndefined(here.get('user:1', Date.now() + 10_001))

    for (let i = 0; i < 250; i++) here.set(`user:${i}`, i, here.generation())
    assert.equal(here.get('user:249'), 249)
    assert.isUndefined(here.get('user:0'))
  })
})
