import { test } from '@japa/runner'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import { AppInstance } from '#tests/support/app_instance'
import { Redis } from 'ioredis'
import { redisConnection } from '#config/redis'
import { accessTokenFor, claimsOf } from '#tests/support/auth'
import { DisposableRedis } from '#tests/support/redis_server'
import { TcpProxy } from '#tests/support/tcp_proxy'

interface Timed {
  status: number
  ms: number
  headers: Headers
  body: any
}

async function timedFetch(url: string, init: RequestInit = {}): Promise<Timed> {
  const started = performance.now()
  const response = await fetch(url, init)
  const text = await response.text()
  return {
    status: response.status,
    ms: performance.now() - started,
    headers: response.headers,
    body: text.startsWith('{') ? JSON.parse(text) : text,
  }
}

test.group('System / Redis goes down', () => {
  test('catalogue and signed-in reads keep answering from PostgreSQL, what needs Redis is 503 at once, /health says so quickly; all back after a restart', async ({ assert }) => {
    const movie = await MovieFactory.create()
    const user = await UserFactory.create()
    const token = await accessTokenFor(user)
    const redis = await DisposableRedis.start()
    // A second process whose Redis (cache, limiter, auth state, queues) is the disposable one.
    const second = await AppInstance.start({ REDIS_URL: redis.url })
    const signedIn = { headers: { authorization: `Bearer ${token}` } }
    const forgot = () =>
      timedFetch(`${second.url}/api/v1/auth/password/forgot`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: user.email }),
      })
    try {
      assert.equal((await timedFetch(`${second.url}/api/v1/movies/${movie.id}`)).status, 200)
      assert.equal((await timedFetch(`${second.url}/api/v1/me`, signedIn)).status, 200)

      await redis.stop()

      // Reads the database can answer alone (and auth, which falls back to it).
      const detail = await timedFetch(`${second.url}/api/v1/movies/${movie.id}`)
      assert.equal(detail.status, 200)
      assert.equal(detail.body.id, movie.id)
      const list = await timedFetch(`${second.url}/api/v1/movies?per_page=5`)
      assert.equal(list.status, 200)
      const me = await timedFetch(`${second.url}/api/v1/me`, signedIn)
      assert.equal(me.status, 200)
      assert.equal(me.body.id, user.id)

      // Queueing the mail needs Redis: 503 with Retry-After, without hanging.
      const unavailable = await forgot()
      assert.equal(unavailable.status, 503)
      assert.equal(unavailable.headers.get('retry-after'), '2')
      assert.deepEqual(unavailable.body, {
        error: {
          code: 'E_UNAVAILABLE',
          message: 'The service is temporarily unavailable (redis); retry in a few seconds',
        },
      })
      assert.isBelow(unavailable.ms, 1500)

      // /health: bounded probe, Redis reported down, database still up (200).
      const health = await timedFetch(`${second.url}/health`)
      assert.equal(health.status, 200)
      assert.equal(health.body.status, 'degraded')
      assert.equal(health.body.checks.redis.status, 'down')
      assert.equal(health.body.checks.database.status, 'up')
      assert.isBelow(health.ms, 1500)

      await redis.startProcess()
      let back: Timed
      const deadline = Date.now() + 10_000
      do {
        await new Promise((resolve) => setTimeout(resolve, 100))
        back = await timedFetch(`${second.url}/health`)
      } while (
        (back.body.checks?.redis?.status !== 'up' || back.body.checks?.queues?.status !== 'up') &&
        Date.now() < deadline
      )
      assert.equal(back.body.checks.redis.status, 'up')
      assert.equal(back.body.checks.queues.status, 'up')
      const again = await forgot()
      assert.equal(again.status, 202)
    } finally {
      await second.stop()
      await redis.stop()
    }
  }).timeout(90_000)

  test('a session revoked while Redis is unreachable stays revoked when Redis comes back with its data', async ({ assert }) => {
    const user = await UserFactory.create()
    const [current, other] = [await accessTokenFor(user), await accessTokenFor(user)]
    const otherSession = claimsOf(other).sid as number
    const redis = await DisposableRedis.start()
    // Cut between the app and a Redis that keeps running: its keys survive the outage.
    const proxy = await TcpProxy.start({ host: '127.0.0.1', port: redis.port })
    const second = await AppInstance.start({ REDIS_URL: `redis://127.0.0.1:${proxy.port}` })
    const me = (token: string) => timedFetch(`${second.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })
    const direct = new Redis({ port: redis.port, db: redisConnection.db, lazyConnect: true })
    try {
      // The other session is now "active" in that Redis.
      assert.equal((await me(other)).status, 200)
      assert.equal(await direct.get(`auth:session:${otherSession}`), String(user.id))

      await proxy.cut()
      const revoked = await timedFetch(`${second.url}/api/v1/auth/sessions/${otherSession}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${current}` },
      })
      assert.equal(revoked.status, 204)
      assert.equal((await me(other)).status, 401)
      assert.equal((await me(current)).status, 200)

      await proxy.restore()
      const deadline = Date.now() + 10_000
      while ((await direct.get(`auth:session:${otherSession}`)) !== 'revoked' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      assert.equal(await direct.get(`auth:session:${otherSession}`), 'revoked')
      assert.equal((await me(other)).status, 401)
      assert.equal((await me(current)).status, 200)
    } finally {
      direct.disconnect()
      await second.stop()
      await proxy.cut()
      await redis.stop()
    }
  }).timeout(90_000)
})
