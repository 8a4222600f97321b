import { test } from '@japa/runner'
import redis from '@adonisjs/redis/services/main'
import env from '#start/env'
import { SCHEDULES } from '#services/schedules'
import { WorkerProcess } from '#tests/support/worker_process'

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
      assert.match(worker.logs(), /9 repeatable job schedule\(s\) were gone from Redis and have been registered again/)
      assert.include(worker.logs(), 'periodic check')
    } finally {
      await worker.kill()
    }
  }).timeout(90_000)
})
