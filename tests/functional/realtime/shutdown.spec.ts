import { test } from '@japa/runner'
import { UserFactory } from '#factories/user_factory'
import { accessTokenFor } from '#tests/support/auth'
import { AppInstance } from '#tests/support/app_instance'
import { SseClients } from '#tests/support/sse_client'

test.group('Real time / shutdown', (group) => {
  const streams = new SseClients()
  group.each.teardown(() => streams.closeAll())

  test('SIGTERM ends open streams so the process exits gracefully instead of hanging on them', async ({ assert }) => {
    const user = await UserFactory.create()
    const instance = await AppInstance.start()
    const stream = await streams.open(instance.url)
    assert.equal(await stream.subscribe(`users/${user.id}/notifications`, { token: await accessTokenFor(user) }), 204)

    const started = Date.now()
    const exit = await instance.stop()
    // A clean exit, well before the 10 s SIGKILL fallback.
    assert.deepEqual(exit, { code: 0, signal: null })
    assert.isBelow(Date.now() - started, 8000)
    await new Promise((resolve) => setTimeout(resolve, 100))
    assert.isTrue(stream.ended)
  }).timeout(90_000)
})
