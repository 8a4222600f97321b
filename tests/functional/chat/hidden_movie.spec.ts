import { test } from '@japa/runner'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import { accessTokenFor } from '#tests/support/auth'
import { SseClients } from '#tests/support/sse_client'
import { assertError, countRows, joinMovieRoom, say } from './helpers.js'

test.group('Chat / a movie hidden by a moderator', (group) => {
  const streams = new SseClients()
  group.each.teardown(() => streams.closeAll())

  test('takes its room away (404 everywhere, out of the list, no subscribing); unhiding brings it back with its history', async ({ client, assert }) => {
    const [member, moderator] = await Promise.all([UserFactory.create(), UserFactory.apply('moderator').create()])
    const movie = await MovieFactory.create()
    const roomId = await joinMovieRoom(client, member, movie.id)
    await say(client, member, roomId, 'Before the takedown')
    const moderate = (action: 'hide' | 'unhide') =>
      client.post(`/admin/movies/${movie.id}/${action}`).withGuard('web').loginAs(moderator).withCsrfToken().redirects(0)

    ;(await moderate('hide')).assertStatus(302)
    const rooms = await client.get('/api/v1/chat/rooms').loginAs(member)
    rooms.assertStatus(200)
    assert.deepEqual(rooms.body().data, [])
    assertError(assert, await client.get(`/api/v1/chat/rooms/${roomId}/messages`).loginAs(member), 404, 'E_NOT_FOUND')
    assertError(assert, await client.post(`/api/v1/chat/rooms/${roomId}/messages`).loginAs(member).json({ body: 'Still here?' }), 404, 'E_NOT_FOUND')
    assertError(assert, await client.post('/api/v1/chat/rooms').loginAs(member).json({ type: 'movie', movie_id: movie.id }), 404, 'E_NOT_FOUND')
    const stream = await streams.open()
    assert.equal(await stream.subscribe(`chat/rooms/${roomId}`, { token: await accessTokenFor(member) }), 400)
    // Nothing was written while it was hidden; the membership and history are kept.
    assert.equal(await countRows('chat_messages', { room_id: roomId }), 1)
    assert.equal(await countRows('chat_room_members', { room_id: roomId }), 1)

    ;(await moderate('unhide')).assertStatus(302)
    const history = await client.get(`/api/v1/chat/rooms/${roomId}/messages`).loginAs(member)
    history.assertStatus(200)
    assert.deepEqual(history.body().data.map((message: { body: string }) => message.body), ['Before the takedown'])
    assert.deepEqual((await client.get('/api/v1/chat/rooms').loginAs(member)).body().data.map((room: { id: number }) => room.id), [roomId])
  })
})
