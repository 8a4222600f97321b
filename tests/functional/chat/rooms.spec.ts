import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import {
  assertError,
  assertValidation,
  countRows,
  directRoom,
  joinMovieRoom,
  makeBlock,
  makeFriends,
  memberRow,
  MESSAGE_KEYS,
  ROOM_KEYS,
  say,
  seedMessages,
  USER_SUMMARY_KEYS,
} from './helpers.js'

test.group('Chat / rooms', () => {
  test('POST /chat/rooms direct: 201 with a new room for two friends, then 200 with the same room from either side', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    await makeFriends(alice, bob)

    const created = await client.post('/api/v1/chat/rooms').json({ type: 'direct', user_id: bob.id }).loginAs(alice)
    created.assertStatus(201)
    const room = created.body()
    assert.properties(room, ROOM_KEYS)
    assert.equal(room.type, 'direct')
    assert.isNull(room.movie)
    assert.deepEqual(Object.keys(room.other_user).sort(), [...USER_SUMMARY_KEYS].sort())
    assert.equal(room.other_user.id, bob.id)
    assert.isNull(room.last_message)
    assert.equal(room.unread_count, 0)
    assert.isNull(room.last_read_message_id)
    assert.isString(room.created_at)

    const again = await client.post('/api/v1/chat/rooms').json({ type: 'direct', user_id: alice.id }).loginAs(bob)
    again.assertStatus(200)
    assert.equal(again.body().id, room.id)
    assert.equal(again.body().other_user.id, alice.id)
    ;(await client.post('/api/v1/chat/rooms').json({ type: 'direct', user_id: bob.id }).loginAs(alice)).assertStatus(200)

    const rows = await db.from('chat_rooms').select('*')
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].type, 'direct')
    assert.deepEqual([rows[0].user_low_id, rows[0].user_high_id], [Math.min(alice.id, bob.id), Math.max(alice.id, bob.id)])
    assert.isNull(rows[0].movie_id)
    const members = await db.from('chat_room_members').where('room_id', room.id).orderBy('user_id').select('user_id')
    assert.deepEqual(
      members.map((m) => m.user_id),
      [alice.id, bob.id].sort((a, b) => a - b)
    )
  })

  test('the pair constraint holds one room per pair, even for concurrent first requests', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    await makeFriends(alice, bob)
    const responses = await Promise.all([
      client.post('/api/v1/chat/rooms').json({ type: 'direct', user_id: bob.id }).loginAs(alice),
      client.post('/api/v1/chat/rooms').json({ type: 'direct', user_id: alice.id }).loginAs(bob),
      client.post('/api/v1/chat/rooms').json({ type: 'direct', user_id: bob.id }).loginAs(alice),
    ])
    assert.deepEqual(
      responses.map((r) => r.status()).sort(),
      [200, 200, 201]
    )
    assert.equal(new Set(responses.map((r) => r.body().id)).size, 1)
    assert.equal(await countRows('chat_rooms'), 1)
    assert.equal(await countRows('chat_room_members'), 2)
    // The database itself refuses a second row for the pair.
    const pair = { type: 'direct', user_low_id: Math.min(alice.id, bob.id), user_high_id: Math.max(alice.id, bob.id) }
    await assert.rejects(() => db.table('chat_rooms').insert(pair))
  })

  test('POST /chat/rooms direct: 403 for a non-friend, 404 blocked either way or unknown, 422 oneself or bad input, 401 without a token', async ({ client, assert }) => {
    const [alice, stranger, blocker, blocked] = await UserFactory.createMany(4)
    await makeBlock(blocker, alice)
    await makeBlock(alice, blocked)
    const open = (userId: unknown) => client.post('/api/v1/chat/rooms').json({ type: 'direct', user_id: userId }).loginAs(alice)

    assertError(assert, await open(stranger.id), 403, 'E_FORBIDDEN')
    assertError(assert, await open(blocker.id), 404, 'E_NOT_FOUND')
    assertError(assert, await open(blocked.id), 404, 'E_NOT_FOUND')
    assertError(assert, await open(999_999), 404, 'E_NOT_FOUND')
    assertValidation(assert, await open(alice.id), 'user_id')
    assertValidation(assert, await open('abc'), 'user_id')
    assertValidation(assert, await client.post('/api/v1/chat/rooms').json({ type: 'direct' }).loginAs(alice), 'user_id')
    assertValidation(assert, await client.post('/api/v1/chat/rooms').json({ type: 'group', user_id: stranger.id }).loginAs(alice), 'type')
    assertValidation(assert, await client.post('/api/v1/chat/rooms').json({}).loginAs(alice), 'type')
    assertError(assert, await client.post('/api/v1/chat/rooms').json({ type: 'direct', user_id: stranger.id }), 401, 'E_UNAUTHORIZED')
    assert.equal(await countRows('chat_rooms'), 0)
    assert.equal(await countRows('chat_room_members'), 0)
  })

  test('POST /chat/rooms movie: 201 new membership, 200 already a member, one room per movie; 404 unknown or hidden', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const movie = await MovieFactory.create()
    const hidden = await MovieFactory.merge({ isHidden: true }).create()

    const joined = await client.post('/api/v1/chat/rooms').json({ type: 'movie', movie_id: movie.id }).loginAs(alice)
    joined.assertStatus(201)
    assert.properties(joined.body(), ROOM_KEYS)
    assert.equal(joined.body().type, 'movie')
    assert.equal(joined.body().movie.id, movie.id)
    assert.equal(joined.body().movie.title, movie.title)
    assert.isNull(joined.body().other_user)
    const roomId = joined.body().id

    const again = await client.post('/api/v1/chat/rooms').json({ type: 'movie', movie_id: movie.id }).loginAs(alice)
    again.assertStatus(200)
    assert.equal(again.body().id, roomId)
    const other = await client.post('/api/v1/chat/rooms').json({ type: 'movie', movie_id: movie.id }).loginAs(bob)
    other.assertStatus(201)
    assert.equal(other.body().id, roomId)

    assert.equal(await countRows('chat_rooms'), 1)
    const room = await db.from('chat_rooms').firstOrFail()
    assert.equal(room.type, 'movie')
    assert.equal(room.movie_id, movie.id)
    assert.equal(await countRows('chat_room_members', { room_id: roomId }), 2)

    assertError(assert, await client.post('/api/v1/chat/rooms').json({ type: 'movie', movie_id: hidden.id }).loginAs(alice), 404, 'E_NOT_FOUND')
    assertError(assert, await client.post('/api/v1/chat/rooms').json({ type: 'movie', movie_id: 999_999 }).loginAs(alice), 404, 'E_NOT_FOUND')
    assertValidation(assert, await client.post('/api/v1/chat/rooms').json({ type: 'movie' }).loginAs(alice), 'movie_id')
    assert.equal(await countRows('chat_rooms'), 1)
    assert.equal(await countRows('chat_room_members'), 2)
  })

  test('a new member of a movie room starts with earlier messages read', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const movie = await MovieFactory.create()
    const roomId = await joinMovieRoom(client, alice, movie.id)
    const ids = await seedMessages(roomId, [alice], 5)

    const joined = await client.post('/api/v1/chat/rooms').json({ type: 'movie', movie_id: movie.id }).loginAs(bob)
    joined.assertStatus(201)
    assert.equal(joined.body().unread_count, 0)
    assert.equal(joined.body().last_read_message_id, ids[4])
    assert.equal(joined.body().last_message.id, ids[4])
    assert.equal(Number((await memberRow(roomId, bob.id)).last_read_message_id), ids[4])

    await say(client, alice, roomId, 'and one more')
    const rooms = await client.get('/api/v1/chat/rooms').loginAs(bob)
    assert.equal(rooms.body().data[0].unread_count, 1)
  })

  test('GET /chat/rooms: direct rooms with friends and joined movie rooms, latest activity first, with last message and unread count', async ({ client, assert }) => {
    const [alice, bob, carol, dave] = await UserFactory.createMany(4)
    await makeFriends(alice, bob)
    await makeFriends(alice, carol)
    const [movie, otherMovie] = await MovieFactory.createMany(2)

    const withBob = await directRoom(client, alice, bob)
    const withCarol = await directRoom(client, alice, carol)
    const movieRoom = await joinMovieRoom(client, alice, movie.id)
    // A room alice is not in.
    await joinMovieRoom(client, dave, otherMovie.id)

    await say(client, bob, withBob, 'hi alice')
    await say(client, bob, withBob, 'are you there?')
    await joinMovieRoom(client, dave, movie.id)
    await say(client, dave, movieRoom, 'great movie')
    await say(client, alice, withCarol, 'hello carol')

    const response = await client.get('/api/v1/chat/rooms').loginAs(alice)
    response.assertStatus(200)
    const { data, meta } = response.body()
    assert.deepEqual(
      data.map((room: { id: number }) => room.id),
      [withCarol, movieRoom, withBob]
    )
    assert.equal(meta.total, 3)
    for (const room of data) assert.properties(room, ROOM_KEYS)

    const [carolRoom, movieView, bobRoom] = data
    assert.equal(carolRoom.other_user.id, carol.id)
    assert.equal(carolRoom.last_message.body, 'hello carol')
    assert.deepEqual(Object.keys(carolRoom.last_message).sort(), [...MESSAGE_KEYS].sort())
    assert.equal(carolRoom.unread_count, 0, 'own messages are never unread')
    assert.equal(carolRoom.last_read_message_id, carolRoom.last_message.id)
    assert.equal(movieView.movie.id, movie.id)
    assert.equal(movieView.last_message.user.id, dave.id)
    assert.equal(movieView.unread_count, 1)
    assert.equal(bobRoom.last_message.body, 'are you there?')
    assert.equal(bobRoom.unread_count, 2)
    assert.isNull(bobRoom.last_read_message_id)

    // Pages follow the list convention.
    const paged = await client.get('/api/v1/chat/rooms?per_page=2&page=2').loginAs(alice)
    paged.assertStatus(200)
    assert.deepEqual(
      paged.body().data.map((room: { id: number }) => room.id),
      [withBob]
    )
    assert.equal(paged.body().meta.last_page, 2)
    assert.equal(paged.body().meta.current_page, 2)
    assertValidation(assert, await client.get('/api/v1/chat/rooms?per_page=101').loginAs(alice), 'per_page')
    assertValidation(assert, await client.get('/api/v1/chat/rooms?page=0').loginAs(alice), 'page')
    assertError(assert, await client.get('/api/v1/chat/rooms'), 401, 'E_UNAUTHORIZED')

    // Bob sees the room from his side.
    const bobs = await client.get('/api/v1/chat/rooms').loginAs(bob)
    assert.deepEqual(
      bobs.body().data.map((room: { id: number; other_user: { id: number } }) => [room.id, room.other_user.id]),
      [[withBob, alice.id]]
    )
    assert.equal(bobs.body().data[0].unread_count, 0)
  })

  test('a direct room leaves the list when the friendship ends and comes back, history kept, with a new friendship', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    await makeFriends(alice, bob)
    const roomId = await directRoom(client, alice, bob)
    const sent = await say(client, alice, roomId, 'remember me?')

    ;(await client.delete(`/api/v1/me/friends/${bob.id}`).loginAs(alice)).assertStatus(204)
    assert.deepEqual((await client.get('/api/v1/chat/rooms').loginAs(alice)).body().data, [])
    assert.deepEqual((await client.get('/api/v1/chat/rooms').loginAs(bob)).body().data, [])
    assertError(assert, await client.post('/api/v1/chat/rooms').json({ type: 'direct', user_id: alice.id }).loginAs(bob), 403, 'E_FORBIDDEN')

    await makeFriends(alice, bob)
    const reopened = await client.post('/api/v1/chat/rooms').json({ type: 'direct', user_id: alice.id }).loginAs(bob)
    reopened.assertStatus(200)
    assert.equal(reopened.body().id, roomId)
    assert.equal(reopened.body().last_message.id, sent.id)
    assert.equal(reopened.body().unread_count, 1)
    assert.equal(await countRows('chat_rooms'), 1)
  })

  test('DELETE /chat/rooms/:id/membership: leaves a movie room (204, then 404); direct rooms cannot be left (403); others 404', async ({ client, assert }) => {
    const [alice, bob, stranger] = await UserFactory.createMany(3)
    await makeFriends(alice, bob)
    const movie = await MovieFactory.create()
    const movieRoom = await joinMovieRoom(client, alice, movie.id)
    await joinMovieRoom(client, bob, movie.id)
    await say(client, alice, movieRoom, 'bye all')
    const direct = await directRoom(client, alice, bob)

    assertError(assert, await client.delete(`/api/v1/chat/rooms/${movieRoom}/membership`).loginAs(stranger), 404, 'E_NOT_FOUND')
    assertError(assert, await client.delete(`/api/v1/chat/rooms/${direct}/membership`).loginAs(stranger), 404, 'E_NOT_FOUND')
    assertError(assert, await client.delete('/api/v1/chat/rooms/999999/membership').loginAs(alice), 404, 'E_NOT_FOUND')
    assertError(assert, await client.delete(`/api/v1/chat/rooms/${direct}/membership`).loginAs(alice), 403, 'E_FORBIDDEN')
    assert.equal(await countRows('chat_room_members', { room_id: direct }), 2)

    ;(await client.delete(`/api/v1/chat/rooms/${movieRoom}/membership`).loginAs(alice)).assertStatus(204)
    assert.isNull(await memberRow(movieRoom, alice.id))
    assert.isNotNull(await memberRow(movieRoom, bob.id))
    assert.equal(await countRows('chat_messages', { room_id: movieRoom }), 1, 'the room and its messages stay')
    assertError(assert, await client.delete(`/api/v1/chat/rooms/${movieRoom}/membership`).loginAs(alice), 404, 'E_NOT_FOUND')
    assertError(assert, await client.get(`/api/v1/chat/rooms/${movieRoom}/messages`).loginAs(alice), 404, 'E_NOT_FOUND')
    assert.deepEqual(
      (await client.get('/api/v1/chat/rooms').loginAs(alice)).body().data.map((room: { id: number }) => room.id),
      [direct]
    )
    // Joining again is a new membership.
    ;(await client.post('/api/v1/chat/rooms').json({ type: 'movie', movie_id: movie.id }).loginAs(alice)).assertStatus(201)
  })

  test('POST /chat/rooms/:id/read: marks up to the latest or a given message, only forward; unread counts follow', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    await makeFriends(alice, bob)
    const roomId = await directRoom(client, alice, bob)
    const ids = await seedMessages(roomId, [bob], 6)
    const mine = await say(client, alice, roomId, 'my own message')

    const halfway = await client.post(`/api/v1/chat/rooms/${roomId}/read`).json({ message_id: ids[2] }).loginAs(bob)
    halfway.assertStatus(200)
    assert.deepEqual(halfway.body(), { room_id: roomId, last_read_message_id: ids[2], unread_count: 1 })

    // Alice's marker moved to her own message when she sent it: nothing unread.
    let aliceView = (await client.get('/api/v1/chat/rooms').loginAs(alice)).body().data[0]
    assert.equal(aliceView.unread_count, 0)
    await db.from('chat_room_members').where({ room_id: roomId, user_id: alice.id }).update({ last_read_message_id: null })
    aliceView = (await client.get('/api/v1/chat/rooms').loginAs(alice)).body().data[0]
    assert.equal(aliceView.unread_count, 6)

    const partly = await client.post(`/api/v1/chat/rooms/${roomId}/read`).json({ message_id: ids[3] }).loginAs(alice)
    assert.deepEqual(partly.body(), { room_id: roomId, last_read_message_id: ids[3], unread_count: 2 })
    // Backwards is ignored.
    const back = await client.post(`/api/v1/chat/rooms/${roomId}/read`).json({ message_id: ids[0] }).loginAs(alice)
    assert.deepEqual(back.body(), { room_id: roomId, last_read_message_id: ids[3], unread_count: 2 })
    const all = await client.post(`/api/v1/chat/rooms/${roomId}/read`).loginAs(alice)
    all.assertStatus(200)
    assert.deepEqual(all.body(), { room_id: roomId, last_read_message_id: mine.id, unread_count: 0 })
    assert.equal(Number((await memberRow(roomId, alice.id)).last_read_message_id), mine.id)
    assert.equal((await client.get('/api/v1/chat/rooms').loginAs(alice)).body().data[0].unread_count, 0)
    assert.equal(Number((await memberRow(roomId, bob.id)).last_read_message_id), ids[2], "bob's marker is his own")
  })

  test('POST /chat/rooms/:id/read: a message of another room is 422, non-members 404, closed rooms 403; nothing changes', async ({ client, assert }) => {
    const [alice, bob, stranger] = await UserFactory.createMany(3)
    await makeFriends(alice, bob)
    const roomId = await directRoom(client, alice, bob)
    const movie = await MovieFactory.create()
    const movieRoom = await joinMovieRoom(client, stranger, movie.id)
    const [foreign] = await seedMessages(movieRoom, [stranger], 1)
    await seedMessages(roomId, [bob], 2)

    assertValidation(assert, await client.post(`/api/v1/chat/rooms/${roomId}/read`).json({ message_id: foreign }).loginAs(alice), 'message_id')
    assertValidation(assert, await client.post(`/api/v1/chat/rooms/${roomId}/read`).json({ message_id: 'x' }).loginAs(alice), 'message_id')
    assertValidation(assert, await client.post(`/api/v1/chat/rooms/${roomId}/read`).json({ message_id: 0 }).loginAs(alice), 'message_id')
    assertValidation(assert, await client.post(`/api/v1/chat/rooms/${roomId}/read`).json({ message_id: 1e20 }).loginAs(alice), 'message_id')
    assertError(assert, await client.post(`/api/v1/chat/rooms/${roomId}/read`).loginAs(stranger), 404, 'E_NOT_FOUND')
    assertError(assert, await client.post(`/api/v1/chat/rooms/${movieRoom}/read`).loginAs(alice), 404, 'E_NOT_FOUND')
    await makeBlock(bob, alice)
    await db.from('friendships').delete()
    assertError(assert, await client.post(`/api/v1/chat/rooms/${roomId}/read`).loginAs(alice), 403, 'E_FORBIDDEN')
    assert.isNull((await memberRow(roomId, alice.id)).last_read_message_id)
  })
})
