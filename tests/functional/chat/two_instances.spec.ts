import { test } from '@japa/runner'
import { accessTokenFor } from '#tests/support/auth'
import { AppInstance } from '#tests/support/app_instance'
import { SseClients, type PushPayload } from '#tests/support/sse_client'
import { channelOf, isMessage, movieRoomWithBlock, type ChatMessage } from './helpers.js'

test.group('Chat / several app processes', (group) => {
  const streams = new SseClients()
  group.each.teardown(() => streams.closeAll())

  test('a message posted on one process reaches streams opened on another, blocks filtered there too', async ({ client, assert }) => {
    const { blocker: sender, blocked, other: listener, roomId } = await movieRoomWithBlock(client)
    const channel = channelOf(roomId)

    const second = await AppInstance.start()
    try {
      // Streams on this process; the message goes in through the other one.
      const listenerStream = await streams.open()
      const blockedStream = await streams.open()
      assert.equal(await listenerStream.subscribe(channel, { token: await accessTokenFor(listener) }), 204)
      assert.equal(await blockedStream.subscribe(channel, { token: await accessTokenFor(blocked) }), 204)
      const senderStream = await streams.open(second.url)
      assert.equal(await senderStream.subscribe(channel, { token: await accessTokenFor(sender) }), 204)

      const posted = await fetch(`${second.url}/api/v1/chat/rooms/${roomId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'authorization': `Bearer ${await accessTokenFor(sender)}` },
        body: JSON.stringify({ body: 'Across processes' }),
      })
      assert.equal(posted.status, 201)
      const message = (await posted.json()) as ChatMessage

      const received = await listenerStream.waitFor<PushPayload<ChatMessage>>((event) => isMessage(event) && event.payload.data.id === message.id)
      assert.deepEqual(received.payload.data, message)
      // The sender's own stream, on the posting process, gets it too.
      await senderStream.waitFor<PushPayload<ChatMessage>>((event) => isMessage(event) && event.payload.data.id === message.id)
      // The blocked user's stream here never does.
      assert.deepEqual(await blockedStream.collectFor(isMessage, 500), [])

      // And the other way: posted here, read there.
      const reply = await client.post(`/api/v1/chat/rooms/${roomId}/messages`).loginAs(listener).json({ body: 'Heard you' })
      reply.assertStatus(201)
      await senderStream.waitFor<PushPayload<ChatMessage>>((event) => isMessage(event) && event.payload.data.id === reply.body().id)
    } finally {
      await second.stop()
    }
  }).timeout(90_000)
})
