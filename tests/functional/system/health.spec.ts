import { test } from '@japa/runner'

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
