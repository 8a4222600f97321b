import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import type { ConnectionConfig } from '@adonisjs/lucid/types/database'

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
  })
})
