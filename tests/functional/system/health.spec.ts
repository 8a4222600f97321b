import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { ConnectionConfig } from '@adonisjs/lucid/types/database'
import queue from '#jobs/queue/queue'
import { registerSchedules } from '#jobs/queue/schedules'
import { createStaff } from '#tests/support/admin'

test.group('System / health', () => {
  test('reports database, redis and queue checks', async ({ client, assert }) => {
    const response = await client.get('/health')
    response.assertStatus(200)
    const body = response.body()
    assert.equal(body.status, 'healthy')
    assert.equal(body.checks.database.status, 'up')
    assert.equal(body.checks.redis.status, 'up')
    assert.equal(body.checks.queues.status, 'up')
    assert.properties(body.checks.queues.queues, ['metadata', 'mail', 'notifications', 'ml', 'imports'])
    assert.match(body.timestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
    assert.isString(body.version)
    assert.deepEqual(body.reasons, [])
  })
})

test.group('System / health when the database is down', (group) => {
  let originalConfig: ConnectionConfig | undefined

  group.each.teardown(async () => {
    if (originalConfig) {
      db.manager.patch('postgres', originalConfig)
      db.manager.connect('postgres')
      originalConfig = undefined
    }
  })

  test('answers 503 degraded, naming the failing check', async ({ client, assert }) => {
    originalConfig = db.manager.get('postgres')!.config
    // A real connection failure: point the pool at a port nothing listens on.
    db.manager.patch('postgres', {
      ...originalConfig,
      connection: { connectionString: 'postgres://postgres@127.0.0.1:1/none' },
    } as ConnectionConfig)

    const response = await client.get('/health')
    response.assertStatus(503)
    assert.equal(response.body().status, 'degraded')
    assert.equal(response.body().checks.database.status, 'down')
    assert.equal(response.body().checks.redis.status, 'up')
    assert.match(response.body().reasons[0], /^database is down: /)
  })
})

test.group('System / health tells whether the service works', (group) => {
  const cleanImports = async () => {
    const imports = queue.queue('imports')
    await imports.resume()
    await imports.obliterate({ force: true })
    // Obliterating takes the queue's schedules too; queue:work keeps them registered (checks.schedules).
    await registerSchedules()
  }
  group.each.setup(cleanImports)
  group.each.teardown(cleanImports)

  test('a queue failing most of its jobs in the last hour makes it degraded, naming the queue', async ({
    client,
    assert,
  }) => {
    const imports = queue.queue('imports')
    // Jobs no worker knows fail at once (attempts: 1): a real failed set.
    const jobs = await Promise.all(
      Array.from({ length: 6 }, (_, index) => imports.add('no-such-job', { index }, { attempts: 1 }))
    )
    const events = await queue.events('imports')
    await Promise.all(jobs.map((job) => job.waitUntilFinished(events, 10_000).catch(() => null)))
    assert.equal(await imports.getFailedCount(), 6)

    const response = await client.get('/health')

    response.assertStatus(200)
    assert.equal(response.body().status, 'degraded')
    assert.equal(response.body().checks.database.status, 'up')
    assert.deepEqual(response.body().reasons, [
      'queue imports: 6 of 6 jobs failed in the last hour (100% > 20%)',
    ])
  })

  test('jobs waiting with no worker taking one for minutes make it degraded', async ({ client, assert }) => {
    const imports = queue.queue('imports')
    await imports.pause()
    // Queued ten minutes ago (BullMQ keeps the enqueue time in the job).
    await imports.add('purge-expired-exports', {}, { timestamp: Date.now() - 10 * 60_000 })

    const response = await client.get('/health')

    assert.equal(response.body().status, 'degraded')
    assert.deepEqual(response.body().reasons, [
      'queue imports: 1 job(s) waiting (oldest for 10 min) and no worker has taken a job for 5+ min',
    ])

    // Fresh work that simply waits its turn is no stall.
    await imports.obliterate({ force: true })
    await registerSchedules()
    await imports.add('purge-expired-exports', {})
    const fresh = await client.get('/health')
    assert.equal(fresh.body().status, 'healthy')
    assert.deepEqual(fresh.body().reasons, [])
  })

  test('a recommender model older than 48 h makes it degraded; a fresh one does not', async ({ client, assert }) => {
    await db.table('recommender_models').insert({
      version: 'old-model',
      status: 'ready',
      engine: 'ease',
      created_at: new Date(Date.now() - 72 * 3_600_000),
    })

    const stale = await client.get('/health')

    assert.equal(stale.body().status, 'degraded')
    assert.deepEqual(stale.body().reasons, [
      'recommender model old-model is 72 h old (more than 48 h: retraining is not running)',
    ])

    await db.table('recommender_models').insert({ version: 'new-model', status: 'ready', engine: 'ease' })
    const fresh = await client.get('/health')
    assert.equal(fresh.body().status, 'healthy')
  })

  test('the admin dashboard shows the same reasons', async ({ client, assert }) => {
    await db.table('recommender_models').insert({
      version: 'old-model',
      status: 'ready',
      engine: 'ease',
      created_at: new Date(Date.now() - 72 * 3_600_000),
    })
    const admin = await createStaff('admin')

    const response = await client.get('/admin').withGuard('web').loginAs(admin)

    response.assertStatus(200)
    assert.match(
      response.text(),
      /<div id="health-degraded"[\s\S]*<li>recommender model old-model is 72 h old \(more than 48 h: retraining is not running\)<\/li>/
    )
  })
})
