import { test } from '@japa/runner'
import redis from '@adonisjs/redis/services/main'
import env from '#start/env'
import { SCHEDULES } from '#jobs/queue/schedules'
import { WorkerProcess } from '#tests/support/worker_process'
import { DisposableRedis } from '#tests/support/redis_server'
import { Queue } from 'bullmq'
import queueConfig from '#config/queue'
import { redisConnection } from '#config/redis'

interface ScheduleCheck {
  status: 'up' | 'down'
  registered?: number
  missing?: string[]
}

/** A Redis restart without persistence, on this run's own test db. */
async function flushTestRedis() {
  if (env.get('NODE_ENV') !== 'test') throw new Error('Only the test Redis db may be flushed')
  await redis.flushdb()
}

test.group('System / repeatable jobs lost by Redis', () => {
  test('/health reports missing schedules as degraded; a worker registers them again by itself', async ({ client, assert }) => {
    let response = await client.get('/health')
    response.assertStatus(200)
    assert.equal(response.body().status, 'healthy')
    assert.deepInclude(response.body().checks.schedules, { status: 'up', registered: SCHEDULES.length })

    await flushTestRedis()
    response = await client.get('/health')
    response.assertStatus(200)
    assert.equal(response.body().status, 'degraded')
    const down = response.body().checks.schedules as ScheduleCheck
    assert.equal(down.status, 'down')
    assert.sameMembers(down.missing!, SCHEDULES.map((schedule) => schedule.id))

    // A worker registers them when it starts…
    const worker = await WorkerProcess.start(['ml'], { SCHEDULES_CHECK_INTERVAL_MS: '1000' })
    try {
      response = await client.get('/health')
      assert.deepInclude(response.body().checks.schedules, { status: 'up', registered: SCHEDULES.length })

      // …and notices on its own when Redis loses them while it runs.
      await flushTestRedis()
      const deadline = Date.now() + 20_000
      let schedules: ScheduleCheck
      do {
        await new Promise((resolve) => setTimeout(resolve, 200))
        response = await client.get('/health')
        schedules = response.body().checks.schedules
      } while (schedules.status !== 'up' && Date.now() < deadline)
      assert.equal(response.body().status, 'healthy')
      assert.deepInclude(schedules, { status: 'up', registered: SCHEDULES.length })
      assert.include(worker.logs(), `${SCHEDULES.length} repeatable job schedule(s) were gone from Redis and have been registered again`)
      assert.include(worker.logs(), 'periodic check')
    } finally {
      await worker.kill()
    }
  }).timeout(90_000)
})

test.group('System / repeatable jobs after a Redis restart', () => {
  test('a worker registers the schedules again as soon as its Redis is back (no periodic check needed)', async ({ assert }) => {
    const redisServer = await DisposableRedis.start()
    // The periodic check is out of the way: only the reconnect can bring them back.
    const worker = await WorkerProcess.start(['ml'], {
      REDIS_URL: redisServer.url,
      SCHEDULES_CHECK_INTERVAL_MS: '3600000',
    })
    const queues = SCHEDULES.map(
      (schedule) =>
        new Queue(schedule.queue, {
          connection: { port: redisServer.port, db: redisConnection.db },
          prefix: queueConfig.prefix,
        })
    )
    // Connection errors while the server is down are expected here.
    for (const queue of queues) queue.on('error', () => {})
    const registered = async () => {
      const found = await Promise.all(SCHEDULES.map((schedule, index) => queues[index].getJobScheduler(schedule.id)))
      return found.filter(Boolean).length
    }
    try {
      assert.equal(await registered(), SCHEDULES.length)

      // Restarted without persistence: empty.
      await redisServer.stop()
      await redisServer.startProcess()
      const deadline = Date.now() + 20_000
      let count = await registered()
      while (count < SCHEDULES.length && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200))
        count = await registered()
      }
      assert.equal(count, SCHEDULES.length)
      assert.include(worker.logs(), 'Redis reconnected')
    } finally {
      await worker.kill()
      await Promise.allSettled(queues.map((queue) => queue.close()))
      await redisServer.stop()
    }
  }).timeout(90_000)
})
