import { test } from '@japa/runner'
import { MovieFactory } from '#factories/movie_factory'
import { AppInstance } from '#tests/support/app_instance'
import { TcpProxy } from '#tests/support/tcp_proxy'

/** The run's DATABASE_URL with host and port replaced by the proxy's. */
function throughProxy(proxy: TcpProxy) {
  const url = new URL(process.env.DATABASE_URL!)
  url.hostname = '127.0.0.1'
  url.port = String(proxy.port)
  return url.href
}

function databaseTarget() {
  const url = new URL(process.env.DATABASE_URL!)
  return { host: url.hostname, port: Number(url.port || 5432) }
}

/** Every request distinct, so no response cache can answer it without PostgreSQL. */
let page = 0
const catalogue = (base: string) => fetch(`${base}/api/v1/movies?page=${++page}&per_page=5`)

test.group('System / the database goes down', () => {
  test('503 E_UNAVAILABLE with Retry-After while it is down, one warning per outage, 200 again once it is back', async ({ assert }) => {
    await MovieFactory.createMany(3)
    const proxy = await TcpProxy.start(databaseTarget())
    const second = await AppInstance.start({ DATABASE_URL: throughProxy(proxy) })
    try {
      const before = await catalogue(second.url)
      assert.equal(before.status, 200)
      await before.arrayBuffer()

      await proxy.cut()
      const logsBefore = second.logs().length
      const statuses: number[] = []
      for (let i = 0; i < 30; i++) {
        const response = await catalogue(second.url)
        statuses.push(response.status)
        if (response.status === 503) {
          assert.equal(response.headers.get('retry-after'), '2')
          assert.deepEqual(await response.json(), {
            error: {
              code: 'E_UNAVAILABLE',
              message: 'The service is temporarily unavailable (database); retry in a few seconds',
            },
          })
        } else {
          await response.arrayBuffer()
        }
      }
      assert.deepEqual(statuses, Array(30).fill(503))

      // The contract: /health answers 503 naming the database.
      const health = await fetch(`${second.url}/health`)
      assert.equal(health.status, 503)
      const body = (await health.json()) as { checks: { database: { status: string } } }
      assert.equal(body.checks.database.status, 'down')

      // One warning for the whole outage, no error (stack) per request.
      // (Pretty log lines outside production; the transport writes asynchronously.)
      await new Promise((resolve) => setTimeout(resolve, 500))
      const logged = second.logs().slice(logsBefore)
      assert.lengthOf(logged.match(/database unavailable: answering 503/g) ?? [], 1)
      assert.notMatch(logged, /ERROR|E_INTERNAL|\n\s+at /)

      await proxy.restore()
      let after = 0
      for (let attempt = 0; attempt < 50 && after !== 200; attempt++) {
        const response = await catalogue(second.url)
        await response.arrayBuffer()
        after = response.status
        if (after !== 200) await new Promise((resolve) => setTimeout(resolve, 100))
      }
      assert.equal(after, 200)
    } finally {
      await second.stop()
      await proxy.cut()
    }
  }).timeout(90_000)
})
