/*
 * Rules of the kind "one X per user/pair" hold under concurrency because the
 * database holds them (unique and partial unique indexes), not because of a
 * check-then-insert (issue 17): N parallel requests through the HTTP API end
 * in exactly one row, the contract's answer for every other request, and no
 * 5xx.
 */
import { test } from '@japa/runner'
import type { ApiResponse } from '@japa/api-client'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import Comment from '#models/comment'
import List from '#models/list'
import { countRows, makeFriends } from '../social/helpers.js'

const PARALLEL = 15

/** Status → how many responses had it. */
function tally(responses: ApiResponse[]): Record<number, number> {
  const counts: Record<number, number> = {}
  for (const response of responses) counts[response.status()] = (counts[response.status()] ?? 0) + 1
  return counts
}

function parallel(send: () => Promise<ApiResponse>) {
  return Promise.all(Array.from({ length: PARALLEL }, send))
}

test.group('Races / parallel creates end in one row', () => {
  test(`POST /me/export ×${PARALLEL}: one pending export, every response 202 with its id`, async ({ client, assert }) => {
    const user = await UserFactory.create()
    const responses = await parallel(() => client.post('/api/v1/me/export').loginAs(user))
    assert.deepEqual(tally(responses), { 202: PARALLEL })
    assert.equal(await countRows('data_exports', { user_id: user.id }), 1)
    const ids = new Set(responses.map((response) => response.body().export_id))
    assert.equal(ids.size, 1)
  })

  test(`POST /users/:id/friend-request ×${PARALLEL}, both directions: one request, 201 once, 409 for the rest`, async ({
    client,
    assert,
  }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        i % 2
          ? client.post(`/api/v1/users/${bob.id}/friend-request`).loginAs(alice)
          : client.post(`/api/v1/users/${alice.id}/friend-request`).loginAs(bob)
      )
    )
    assert.deepEqual(tally(responses), { 201: 1, 409: PARALLEL - 1 })
    for (const response of responses.filter((r) => r.status() === 409)) assert.equal(response.body().error.code, 'E_CONFLICT')
    assert.equal(await countRows('friend_requests'), 1)
  })

  test(`PUT /lists/:id/items/:movie_id ×${PARALLEL}: one item, 201 once then 200`, async ({ client, assert }) => {
    const user = await UserFactory.create()
    const movie = await MovieFactory.create()
    const list = await List.create({ userId: user.id, title: 'Mine', privacy: 'public', ranked: false, shareToken: 'races' })
    const responses = await parallel(() => client.put(`/api/v1/lists/${list.id}/items/${movie.id}`).json({}).loginAs(user))
    assert.deepEqual(tally(responses), { 201: 1, 200: PARALLEL - 1 })
    assert.equal(await countRows('list_items', { list_id: list.id }), 1)
  })

  test(`POST /chat/rooms (direct) ×${PARALLEL} from both friends: one room, 201 once then 200 with its id`, async ({
    client,
    assert,
  }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    await makeFriends(alice, bob)
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) =>
        i % 2
          ? client.post('/api/v1/chat/rooms').json({ type: 'direct', user_id: bob.id }).loginAs(alice)
          : client.post('/api/v1/chat/rooms').json({ type: 'direct', user_id: alice.id }).loginAs(bob)
      )
    )
    assert.deepEqual(tally(responses), { 201: 1, 200: PARALLEL - 1 })
    assert.equal(await countRows('chat_rooms', { type: 'direct' }), 1)
    assert.equal(await countRows('chat_room_members'), 2)
    assert.equal(new Set(responses.map((response) => response.body().id)).size, 1)
  })

  test(`POST /comments/:id/report ×${PARALLEL}: one open report, 201 once, 409 for the rest`, async ({ client, assert }) => {
    const [author, reporter] = await UserFactory.createMany(2)
    const movie = await MovieFactory.create()
    const comment = await Comment.create({ userId: author.id, movieId: movie.id, body: 'Buy pills' })
    const responses = await parallel(() => client.post(`/api/v1/comments/${comment.id}/report`).json({ reason: 'spam' }).loginAs(reporter))
    assert.deepEqual(tally(responses), { 201: 1, 409: PARALLEL - 1 })
    assert.equal(await countRows('reports'), 1)
  })

  for (const [path, table] of [
    ['watchlist', 'watchlist_items'],
    ['favorites', 'favorites'],
  ] as const) {
    test(`PUT /me/${path}/:movie_id ×${PARALLEL}: one row, 201 once then 200`, async ({ client, assert }) => {
      const user = await UserFactory.create()
      const movie = await MovieFactory.create()
      const responses = await parallel(() => client.put(`/api/v1/me/${path}/${movie.id}`).loginAs(user))
      assert.deepEqual(tally(responses), { 201: 1, 200: PARALLEL - 1 })
      assert.equal(await countRows(table, { user_id: user.id }), 1)
    })
  }
})
