import { test } from '@japa/runner'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import { accessTokenFor } from '#tests/support/auth'
import { SseClients, type PushPayload, type SseEvent } from '#tests/support/sse_client'
import { channelOf, directRoom, isMessage, joinMovieRoom, makeFriends, movieRoomWithBlock, say, type ChatMessage } from './helpers.js'

test.group('Chat / live delivery (Transmit SSE)', (group) => {
  const streams = new SseClients()
  group.each.teardown(() => streams.closeAll())

  test('a movie room message reaches every subscribed member, the sender included, as the stored message', async ({ client, assert }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    const movie = await MovieFactory.create()
    const roomId = await joinMovieRoom(client, alice, movie.id)
    await joinMovieRoom(client, bob, movie.id)
    const aliceStream = await streams.open()
    const bobStream = await streams.open()
    assert.equal(await aliceStream.subscribe(channelOf(roomId), { token: await accessTokenFor(alice) }), 204)
    assert.equal(await bobStream.subscribe(channelOf(roomId), { token: await accessTokenFor(bob) }), 204)
    // Carol is not a member: refused, so she hears nothing.
    const carolStream = await streams.open()
    assert.equal(await carolStream.subscribe(channelOf(roomId), { token: await accessTokenFor(carol) }), 400)

    const sent = await say(client, alice, roomId, 'Live from the movie room')

    for (const stream of [aliceStream, bobStream]) {
      const event = await stream.waitFor<PushPayload<ChatMessage>>((e) => isMessage(e) && e.payload.data.id === sent.id)
      assert.equal(event.channel, channelOf(roomId))
      assert.deepEqual(event.payload.data, sent)
    }
    // The pushed message is the one the history serves.
    const history = await client.get(`/api/v1/chat/rooms/${roomId}/messages`).loginAs(bob)
    assert.deepEqual(history.body().data[0], sent)
    assert.deepEqual(await carolStream.collectFor(isMessage, 300), [])
  })

  test('a direct room: both friends receive; strangers, unknown rooms and anonymous subscriptions are refused', async ({ client, assert }) => {
    const [alice, bob, stranger] = await UserFactory.createMany(3)
    await makeFriends(alice, bob)
    const roomId = await directRoom(client, alice, bob)
    const aliceStream = await streams.open()
    const bobStream = await streams.open()
    assert.equal(await aliceStream.subscribe(channelOf(roomId), { token: await accessTokenFor(alice) }), 204)
    assert.equal(await bobStream.subscribe(channelOf(roomId), { token: await accessTokenFor(bob) }), 204)

    const strangerStream = await streams.open()
    const strangerToken = await accessTokenFor(stranger)
    assert.equal(await strangerStream.subscribe(channelOf(roomId), { token: strangerToken }), 400)
    assert.equal(await strangerStream.subscribe(channelOf(999_999), { token: strangerToken }), 400)
    assert.equal(await strangerStream.subscribe(channelOf(roomId), null), 401)

    const sent = await say(client, bob, roomId, 'Hi Alice, live')
    for (const stream of [aliceStream, bobStream]) {
      const event = await stream.waitFor<PushPayload<ChatMessage>>(isMessage)
      assert.deepEqual(event.payload.data, sent)
    }
    assert.deepEqual(await strangerStream.collectFor(isMessage, 300), [])

    // Reading pushes a read receipt to the room.
    ;(await client.post(`/api/v1/chat/rooms/${roomId}/read`).loginAs(alice)).assertStatus(200)
    const receipt = await bobStream.waitFor<PushPayload<{ room_id: number; user_id: number; last_read_message_id: number }>>(
      (event) => event.payload.type === 'chat_read'
    )
    assert.deepEqual(receipt.payload.data, { room_id: roomId, user_id: alice.id, last_read_message_id: sent.id })
  })

  test('after a block or an unfriend, subscribing to the direct room is refused for both users', async ({ client, assert }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    await makeFriends(alice, bob)
    await makeFriends(alice, carol)
    const withBob = await directRoom(client, alice, bob)
    const withCarol = await directRoom(client, alice, carol)
    const aliceToken = await accessTokenFor(alice)
    const stream = await streams.open()

    ;(await client.put(`/api/v1/me/blocks/${alice.id}`).loginAs(bob)).assertStatus(201)
    assert.equal(await stream.subscribe(channelOf(withBob), { token: aliceToken }), 400)
    assert.equal(await stream.subscribe(channelOf(withBob), { token: await accessTokenFor(bob) }), 400)

    assert.equal(await stream.subscribe(channelOf(withCarol), { token: aliceToken }), 204)
    ;(await client.delete(`/api/v1/me/friends/${alice.id}`).loginAs(carol)).assertStatus(204)
    const other = await streams.open()
    assert.equal(await other.subscribe(channelOf(withCarol), { token: aliceToken }), 400)
    assert.equal(await other.subscribe(channelOf(withCarol), { token: await accessTokenFor(carol) }), 400)
  })

  test('in a movie room, a message is not pushed to users on either side of a block with its sender', async ({ client, assert }) => {
    const { blocker, blocked, other, roomId } = await movieRoomWithBlock(client)
    const stream = { blocker: await streams.open(), blocked: await streams.open(), other: await streams.open() }
    assert.equal(await stream.blocker.subscribe(channelOf(roomId), { token: await accessTokenFor(blocker) }), 204)
    assert.equal(await stream.blocked.subscribe(channelOf(roomId), { token: await accessTokenFor(blocked) }), 204)
    assert.equal(await stream.other.subscribe(channelOf(roomId), { token: await accessTokenFor(other) }), 204)

    const fromBlocker = await say(client, blocker, roomId, 'from the blocker')
    const fromBlocked = await say(client, blocked, roomId, 'from the blocked')
    const fromOther = await say(client, other, roomId, 'from the other')
    const ids = (list: SseEvent<PushPayload<ChatMessage>>[]) => list.map((event) => event.payload.data.id).sort((a, b) => a - b)

    await stream.other.waitFor<PushPayload<ChatMessage>>((e) => isMessage(e) && e.payload.data.id === fromOther.id)
    await stream.blocker.waitFor<PushPayload<ChatMessage>>((e) => isMessage(e) && e.payload.data.id === fromOther.id)
    await stream.blocked.waitFor<PushPayload<ChatMessage>>((e) => isMessage(e) && e.payload.data.id === fromOther.id)
    assert.deepEqual(ids(await stream.other.collectFor(isMessage, 200)), [fromBlocker.id, fromBlocked.id, fromOther.id])
    assert.deepEqual(ids(stream.blocker.on<PushPayload<ChatMessage>>(channelOf(roomId)).filter(isMessage)), [fromBlocker.id, fromOther.id])
    assert.deepEqual(ids(stream.blocked.on<PushPayload<ChatMessage>>(channelOf(roomId)).filter(isMessage)), [fromBlocked.id, fromOther.id])
  })

  test('leaving a movie room ends the right to subscribe', async ({ client, assert }) => {
    const [alice] = await UserFactory.createMany(1)
    const movie = await MovieFactory.create()
    const roomId = await joinMovieRoom(client, alice, movie.id)
    const token = await accessTokenFor(alice)
    const stream = await streams.open()
    assert.equal(await stream.subscribe(channelOf(roomId), { token }), 204)
    ;(await client.delete(`/api/v1/chat/rooms/${roomId}/membership`).loginAs(alice)).assertStatus(204)
    const again = await streams.open()
    assert.equal(await again.subscribe(channelOf(roomId), { token }), 400)
  })
})
