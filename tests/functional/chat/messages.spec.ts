import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import {
  assertError,
  assertValidation,
  countRows,
  directRoom,
  eventually,
  joinMovieRoom,
  makeBlock,
  makeFriends,
  memberRow,
  movieRoomWithBlock,
  MESSAGE_KEYS,
  say,
  seedMessages,
  USER_SUMMARY_KEYS,
} from './helpers.js'

test.group('Chat / messages', () => {
  test('POST /chat/rooms/:id/messages: 201 with the message, trimmed; stored, the room active, the sender caught up', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    await makeFriends(alice, bob)
    const roomId = await directRoom(client, alice, bob)

    const response = await client.post(`/api/v1/chat/rooms/${roomId}/messages`).json({ body: '  Hello Bob!  ' }).loginAs(alice)
    response.assertStatus(201)
    const message = response.body()
    assert.deepEqual(Object.keys(message).sort(), [...MESSAGE_KEYS].sort())
    assert.equal(message.room_id, roomId)
    assert.equal(message.body, 'Hello Bob!')
    assert.deepEqual(Object.keys(message.user).sort(), [...USER_SUMMARY_KEYS].sort())
    assert.equal(message.user.id, alice.id)
    assert.equal(message.user.username, alice.username)
    assert.match(message.created_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)

    const row = await db.from('chat_messages').where('id', message.id).firstOrFail()
    assert.equal(row.room_id, roomId)
    assert.equal(row.user_id, alice.id)
    assert.equal(row.body, 'Hello Bob!')
    const room = await db.from('chat_rooms').where('id', roomId).firstOrFail()
    assert.equal(new Date(room.last_message_at).toISOString(), message.created_at)
    assert.equal(Number((await memberRow(roomId, alice.id)).last_read_message_id), message.id)
    assert.isNull((await memberRow(roomId, bob.id)).last_read_message_id)

    // Exactly 2000 characters is fine.
    const long = 'x'.repeat(2000)
    const max = await client.post(`/api/v1/chat/rooms/${roomId}/messages`).json({ body: long }).loginAs(bob)
    max.assertStatus(201)
    assert.equal(max.body().body, long)
    assert.equal(await countRows('chat_messages'), 2)
  })

  test('bad bodies are 422 and store nothing: missing, empty, blank, 2001 characters, not a string', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    await makeFriends(alice, bob)
    const roomId = await directRoom(client, alice, bob)
    const post = (payload: Record<string, unknown>) => client.post(`/api/v1/chat/rooms/${roomId}/messages`).json(payload).loginAs(alice)

    for (const payload of [{}, { body: '' }, { body: '   \n\t ' }, { body: 'y'.repeat(2001) }, { body: 42 }, { body: ['hi'] }]) {
      assertValidation(assert, await post(payload), 'body')
    }
    assertError(assert, await client.post(`/api/v1/chat/rooms/${roomId}/messages`).json({ body: 'hi' }), 401, 'E_UNAUTHORIZED')
    assert.equal(await countRows('chat_messages'), 0)
    const room = await db.from('chat_rooms').where('id', roomId).firstOrFail()
    assert.isNull(room.last_message_at)
    assert.equal(await countRows('notifications'), 0)
  })

  test('GET /chat/rooms/:id/messages: newest first; 120 messages walked by cursor with no gap or duplicate', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    await makeFriends(alice, bob)
    const roomId = await directRoom(client, alice, bob)
    const ids = await seedMessages(roomId, [alice, bob], 120)

    const seen: number[] = []
    const sizes: number[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const url: string = `/api/v1/chat/rooms/${roomId}/messages${cursor ? `?before=${encodeURIComponent(cursor)}` : ''}`
      const response = await client.get(url).loginAs(bob)
      response.assertStatus(200)
      assert.deepEqual(Object.keys(response.body()).sort(), ['data', 'next_cursor'])
      const page = response.body().data as { id: number; user: { id: number }; body: string }[]
      sizes.push(page.length)
      seen.push(...page.map((message) => message.id))
      cursor = response.body().next_cursor
      if (cursor !== null) assert.isString(cursor)
      pages += 1
    } while (cursor && pages < 10)

    assert.deepEqual(sizes, [50, 50, 20])
    assert.deepEqual(seen, [...ids].reverse())
    assert.equal(new Set(seen).size, 120)

    // A smaller limit, and a plain message id as `before`.
    const small = await client.get(`/api/v1/chat/rooms/${roomId}/messages?limit=3&before=${ids[10]}`).loginAs(alice)
    small.assertStatus(200)
    assert.deepEqual(
      small.body().data.map((message: { id: number }) => message.id),
      [ids[9], ids[8], ids[7]]
    )
    assert.equal(small.body().data[0].body, 'message 10')
    assert.equal(small.body().data[0].user.id, bob.id)
    assert.isString(small.body().next_cursor)
    const last = await client.get(`/api/v1/chat/rooms/${roomId}/messages?limit=100&before=${ids[2]}`).loginAs(alice)
    assert.deepEqual(
      last.body().data.map((message: { id: number }) => message.id),
      [ids[1], ids[0]]
    )
    assert.isNull(last.body().next_cursor)
    // An exact page: no phantom next page.
    const exact = await client.get(`/api/v1/chat/rooms/${roomId}/messages?limit=100&before=${ids[100]}`).loginAs(alice)
    assert.lengthOf(exact.body().data, 100)
    assert.isNull(exact.body().next_cursor)
  })

  test('bad limit or cursor is 422', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    await makeFriends(alice, bob)
    const roomId = await directRoom(client, alice, bob)
    await seedMessages(roomId, [alice], 3)
    const get = (query: string) => client.get(`/api/v1/chat/rooms/${roomId}/messages?${query}`).loginAs(alice)
    for (const query of ['limit=0', 'limit=101', 'limit=abc', 'limit=2.5']) assertValidation(assert, await get(query), 'limit')
    for (const query of ['before=abc', 'before=0', 'before=-5', 'before=1.5', `before=${'9'.repeat(30)}`]) {
      assertValidation(assert, await get(query), 'before')
    }
    ;(await get('limit=1')).assertStatus(200)
    ;(await get('limit=100')).assertStatus(200)
  })

  test('strangers and non-members get 404; a block or the end of the friendship closes a direct room (403)', async ({ client, assert }) => {
    const [alice, bob, stranger, carol] = await UserFactory.createMany(4)
    await makeFriends(alice, bob)
    await makeFriends(alice, carol)
    const roomId = await directRoom(client, alice, bob)
    const withCarol = await directRoom(client, alice, carol)
    await say(client, alice, roomId, 'before')
    await say(client, alice, withCarol, 'before')
    const movie = await MovieFactory.create()
    const movieRoom = await joinMovieRoom(client, alice, movie.id)

    for (const id of [roomId, movieRoom, 999_999, 99_999_999_999]) {
      assertError(assert, await client.get(`/api/v1/chat/rooms/${id}/messages`).loginAs(stranger), 404, 'E_NOT_FOUND')
      assertError(assert, await client.post(`/api/v1/chat/rooms/${id}/messages`).json({ body: 'hey' }).loginAs(stranger), 404, 'E_NOT_FOUND')
    }

    // Blocked either way: neither can read or send any more.
    ;(await client.put(`/api/v1/me/blocks/${alice.id}`).loginAs(bob)).assertStatus(201)
    for (const user of [alice, bob]) {
      assertError(assert, await client.post(`/api/v1/chat/rooms/${roomId}/messages`).json({ body: 'still there?' }).loginAs(user), 403, 'E_FORBIDDEN')
      assertError(assert, await client.get(`/api/v1/chat/rooms/${roomId}/messages`).loginAs(user), 403, 'E_FORBIDDEN')
    }
    // Unfriending closes it the same way.
    ;(await client.delete(`/api/v1/me/friends/${alice.id}`).loginAs(carol)).assertStatus(204)
    assertError(assert, await client.post(`/api/v1/chat/rooms/${withCarol}/messages`).json({ body: 'hello?' }).loginAs(alice), 403, 'E_FORBIDDEN')
    assert.equal(await countRows('chat_messages'), 2)

    // A block with an outsider does not affect a movie room.
    await makeBlock(stranger, alice)
    ;(await client.post(`/api/v1/chat/rooms/${movieRoom}/messages`).json({ body: 'still fine' }).loginAs(alice)).assertStatus(201)
  })

  test('in a movie room, messages of users on either side of a block are hidden from each other, not from others', async ({ client, assert }) => {
    const { blocker, blocked, other, roomId } = await movieRoomWithBlock(client)

    await say(client, other, roomId, 'from other')
    await say(client, blocked, roomId, 'from blocked')
    await say(client, blocker, roomId, 'from blocker')

    const bodies = async (user: typeof other) =>
      (await client.get(`/api/v1/chat/rooms/${roomId}/messages`).loginAs(user)).body().data.map((m: { body: string }) => m.body)
    assert.deepEqual(await bodies(blocked), ['from blocked', 'from other'])
    assert.deepEqual(await bodies(blocker), ['from blocker', 'from other'])
    assert.deepEqual(await bodies(other), ['from blocker', 'from blocked', 'from other'])

    const blockedView = (await client.get('/api/v1/chat/rooms').loginAs(blocked)).body().data[0]
    assert.equal(blockedView.last_message.body, 'from blocked')
    assert.equal(blockedView.unread_count, 0, "only the blocker's message came after blocked's own")
    const otherView = (await client.get('/api/v1/chat/rooms').loginAs(other)).body().data[0]
    assert.equal(otherView.last_message.body, 'from blocker')
    assert.equal(otherView.unread_count, 2)
  })

  test('a direct message creates a chat_message notification for the other member (queued); movie rooms notify nobody', async ({ client, assert }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    await makeFriends(alice, bob)
    const movie = await MovieFactory.create()
    const movieRoom = await joinMovieRoom(client, alice, movie.id)
    await joinMovieRoom(client, bob, movie.id)
    await joinMovieRoom(client, carol, movie.id)
    await say(client, alice, movieRoom, 'movie room message')

    const roomId = await directRoom(client, alice, bob)
    const sent = await say(client, alice, roomId, 'A direct message that is long enough to be cut. '.repeat(5))

    const notification = await eventually(() => db.from('notifications').where({ user_id: bob.id, type: 'chat_message' }).first())
    assert.equal(notification.data.room_id, roomId)
    assert.equal(notification.data.message_id, sent.id)
    assert.equal(notification.data.user.id, alice.id)
    assert.include(notification.title, alice.displayName ?? alice.username)
    assert.isAtMost(notification.message.length, 140)
    assert.isTrue(sent.body.startsWith(notification.message.slice(0, -1)))
    assert.isNull(notification.read_at)

    // Through the API too.
    const inbox = await client.get('/api/v1/me/notifications').loginAs(bob)
    assert.equal(inbox.body().data[0].type, 'chat_message')
    assert.equal(inbox.body().meta.unread_count, 1)

    // The job for the direct message ran; the movie room message queued none.
    assert.equal(await countRows('notifications', { type: 'chat_message' }), 1)
    assert.equal(await countRows('notifications', { user_id: alice.id }), 0)
    assert.equal(await countRows('notifications', { user_id: carol.id }), 0)
  })

  test('while unread, later direct messages update the one notification of that conversation; once read, a new one starts', async ({ client, assert }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    await makeFriends(alice, bob)
    await makeFriends(carol, bob)
    const roomId = await directRoom(client, alice, bob)
    const otherRoomId = await directRoom(client, carol, bob)
    const unreadChats = () => db.from('notifications').where({ user_id: bob.id, type: 'chat_message' }).whereNull('read_at').orderBy('id')

    await say(client, alice, roomId, 'One')
    const first = await eventually(async () => (await unreadChats())[0])
    await say(client, alice, roomId, 'Two')
    const last = await say(client, alice, roomId, 'Three')
    const collapsed = await eventually(async () => {
      const rows = await unreadChats()
      return rows.length === 1 && rows[0].data.message_count === 3 && rows[0]
    })
    assert.equal(collapsed.id, first.id)
    assert.equal(collapsed.message, 'Three')
    assert.equal(collapsed.data.message_id, last.id)
    assert.equal(collapsed.data.room_id, roomId)
    assert.match(collapsed.title, /^3 new messages from /)

    // Another conversation has its own.
    await say(client, carol, otherRoomId, 'Hello from Carol')
    await eventually(async () => (await unreadChats()).length === 2)
    const inbox = await client.get('/api/v1/me/notifications?unread_only=true').loginAs(bob)
    assert.equal(inbox.body().meta.unread_count, 2)
    assert.sameMembers(inbox.body().data.map((item: { data: { room_id: number } }) => item.data.room_id), [roomId, otherRoomId])

    // Read, then a new message: a fresh notification, the read one untouched.
    ;(await client.post(`/api/v1/me/notifications/${first.id}/read`).loginAs(bob)).assertStatus(200)
    await say(client, alice, roomId, 'Four')
    const fresh = await eventually(async () => (await unreadChats()).find((row) => row.data.room_id === roomId))
    assert.notEqual(fresh.id, first.id)
    assert.equal(fresh.data.message_count, 1)
    assert.equal((await db.from('notifications').where('id', first.id).first()).message, 'Three')
    assert.equal(await countRows('notifications', { user_id: bob.id, type: 'chat_message' }), 3)
  })
})
