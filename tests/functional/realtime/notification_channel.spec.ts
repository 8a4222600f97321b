import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#factories/user_factory'
import { accessTokenFor } from '#tests/support/auth'
import { AppInstance } from '#tests/support/app_instance'
import { transmitRedisServer } from '#tests/support/redis_server'
import { SseClients, type PushPayload, type SseEvent } from '#tests/support/sse_client'
import { countRows, eventually } from '../social/helpers.js'

interface PushedNotification {
  id: number
  type: string
  title: string
  message: string
  read: boolean
  created_at: string
  data: { user?: { id: number } }
}

const channelOf = (userId: number) => `users/${userId}/notifications`
const isNotification = (event: SseEvent<PushPayload<PushedNotification>>) => event.payload.type === 'notification'

test.group('Real time / notification channel', (group) => {
  const streams = new SseClients()
  group.each.teardown(() => streams.closeAll())

  test('a user may subscribe to their own channel only; strangers, bad tokens and unknown channels are refused', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const aliceToken = await accessTokenFor(alice)
    const stream = await streams.open()

    assert.equal(await stream.subscribe(channelOf(alice.id), { token: aliceToken }), 204)
    // Someone else's inbox, channels that are not ours, malformed ids.
    assert.equal(await stream.subscribe(channelOf(bob.id), { token: aliceToken }), 400)
    assert.equal(await stream.subscribe(`users/${alice.id}/secrets`, { token: aliceToken }), 400)
    assert.equal(await stream.subscribe('users/0/notifications', { token: aliceToken }), 400)
    assert.equal(await stream.subscribe('chat/rooms/abc', { token: aliceToken }), 400)
    // No token, a tampered token, a token whose session ended.
    assert.equal(await stream.subscribe(channelOf(alice.id), null), 401)
    assert.equal(await stream.subscribe(channelOf(alice.id), { token: `${aliceToken}x` }), 401)
    const bobToken = await accessTokenFor(bob)
    ;(await client.post('/api/v1/auth/logout').header('authorization', `Bearer ${bobToken}`)).assertStatus(204)
    assert.equal(await stream.subscribe(channelOf(bob.id), { token: bobToken }), 401)
  })

  test('a notification created by the fan-out job is pushed to its recipient only, after it is stored', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const bobStream = await streams.open()
    const aliceStream = await streams.open()
    assert.equal(await bobStream.subscribe(channelOf(bob.id), { token: await accessTokenFor(bob) }), 204)
    assert.equal(await aliceStream.subscribe(channelOf(alice.id), { token: await accessTokenFor(alice) }), 204)

    const request = await client.post(`/api/v1/users/${bob.id}/friend-request`).loginAs(alice)
    request.assertStatus(201)

    const pushed = await bobStream.waitFor<PushPayload<PushedNotification>>(isNotification)
    assert.equal(pushed.channel, channelOf(bob.id))
    assert.equal(pushed.payload.data.type, 'friend_request')
    assert.equal(pushed.payload.data.read, false)
    assert.equal(pushed.payload.data.data.user?.id, alice.id)
    // The pushed notification is the stored one, as the inbox lists it.
    const inbox = await client.get('/api/v1/me/notifications').loginAs(bob)
    inbox.assertStatus(200)
    assert.deepEqual(inbox.body().data[0], pushed.payload.data)
    assert.equal(inbox.body().meta.unread_count, 1)
    // Alice's own channel got nothing.
    assert.deepEqual(await aliceStream.collectFor(isNotification, 300), [])
  })

  test('after unsubscribing, nothing more arrives', async ({ client, assert }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    const bobToken = await accessTokenFor(bob)
    const stream = await streams.open()
    assert.equal(await stream.subscribe(channelOf(bob.id), { token: bobToken }), 204)
    ;(await client.post(`/api/v1/users/${bob.id}/friend-request`).loginAs(alice)).assertStatus(201)
    await stream.waitFor(isNotification)

    assert.equal(await stream.unsubscribe(channelOf(bob.id), { token: bobToken }), 204)
    ;(await client.post(`/api/v1/users/${bob.id}/friend-request`).loginAs(carol)).assertStatus(201)
    await eventually(() => db.from('notifications').where({ user_id: bob.id }).count('* as total').first().then((row) => Number(row?.total) === 2))
    assert.lengthOf(await stream.collectFor(isNotification, 300), 1)
  })

  test('a stream opened on a second app process receives what this process pushes, and the inbox survives a Redis restart', async ({ client, assert }) => {
    const transmitRedis = transmitRedisServer()
    const [bob, alice, carol] = await UserFactory.createMany(3)
    const second = await AppInstance.start()
    try {
      const stream = await streams.open(second.url)
      assert.equal(await stream.subscribe(channelOf(bob.id), { token: await accessTokenFor(bob) }), 204)

      // Through the Redis transport: created here (queue worker in this process), delivered there.
      ;(await client.post(`/api/v1/users/${bob.id}/friend-request`).loginAs(alice)).assertStatus(201)
      const first = await stream.waitFor<PushPayload<PushedNotification>>(isNotification, 10_000)
      assert.equal(first.payload.data.data.user?.id, alice.id)

      // Transmit's Redis goes away: the notification is still created and stored.
      await transmitRedis.stop()
      ;(await client.post(`/api/v1/users/${bob.id}/friend-request`).loginAs(carol)).assertStatus(201)
      const stored = await eventually(() =>
        db.from('notifications').where({ user_id: bob.id, type: 'friend_request' }).whereRaw("(data->'user'->>'id')::int = ?", [carol.id]).first()
      )
      // Redis comes back (empty, as after a restart). Pub/sub keeps nothing, so a
      // push made before the other process has re-subscribed is lost: probe until
      // pushes are live again.
      await transmitRedis.startProcess()
      const { default: NotificationService } = await import('#services/notifications/notification_service')
      const notifications = await app.container.make(NotificationService)
      let live = false
      for (let probe = 1; probe <= 30 && !live; probe++) {
        const created = await notifications.create({ userId: bob.id, type: 'system_update', title: `Probe ${probe}`, message: 'after the restart' })
        live = await stream
          .waitFor<PushPayload<PushedNotification>>((event) => isNotification(event) && event.payload.data.id === created!.id, 1000)
          .then(() => true, () => false)
      }
      assert.isTrue(live, 'pushes are live again after Transmit\'s Redis restarted')

      // The inbox is the truth: both friend requests, including the one made while Redis was down.
      const inbox = await client.get('/api/v1/me/notifications?unread_only=true').loginAs(bob)
      inbox.assertStatus(200)
      const requests = inbox.body().data.filter((item: PushedNotification) => item.type === 'friend_request')
      assert.sameMembers(
        requests.map((item: PushedNotification) => item.data.user?.id),
        [alice.id, carol.id]
      )
      assert.include(requests.map((item: PushedNotification) => item.id), Number(stored.id))
      // Nothing was lost or read: every stored row is unread in the inbox.
      assert.equal(inbox.body().meta.unread_count, await countRows('notifications', { user_id: bob.id }))
    } finally {
      await second.stop()
      // Leave the transport up for the tests after this one.
      if (!(await transmitRedis.isRunning())) await transmitRedis.startProcess()
    }
  }).timeout(120_000)
})

