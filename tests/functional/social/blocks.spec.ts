import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import List from '#models/list'
import type User from '#models/user'
import { assertError, assertValidation, countRows, eventually, makeBlock, makeFriends } from './helpers.js'

async function makeList(owner: User, privacy: 'private' | 'link' | 'friends' | 'public') {
  return List.create({ userId: owner.id, title: `${privacy} list`, privacy, ranked: false, shareToken: `tok-${privacy}-${owner.id}` })
}

test.group('Social / blocks', () => {
  test('PUT /me/blocks/:user_id blocks (201, then 200), ends the friendship and pending requests both ways', async ({ client, assert }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    await makeFriends(alice, bob)
    await db.table('friend_requests').insert({ from_user_id: carol.id, to_user_id: alice.id })
    await db.table('friend_requests').insert({ from_user_id: bob.id, to_user_id: carol.id })

    const first = await client.put(`/api/v1/me/blocks/${bob.id}`).loginAs(alice)
    first.assertStatus(201)
    assert.equal(first.body().user.id, bob.id)
    assert.isString(first.body().blocked_at)
    ;(await client.put(`/api/v1/me/blocks/${bob.id}`).loginAs(alice)).assertStatus(200)
    assert.equal(await countRows('blocks'), 1)
    assert.equal(await countRows('friendships'), 0)

    ;(await client.put(`/api/v1/me/blocks/${alice.id}`).loginAs(carol)).assertStatus(201)
    assert.equal(await countRows('friend_requests'), 1, 'only the bob → carol request is left')
    assert.equal(await countRows('blocks'), 2)

    const list = await client.get('/api/v1/me/blocks').loginAs(alice)
    list.assertStatus(200)
    assert.deepEqual(Object.keys(list.body()), ['data'])
    assert.deepEqual(
      list.body().data.map((b: { user: { id: number } }) => b.user.id),
      [bob.id]
    )
  })

  test('blocking oneself 422, unknown 404, unblock 204 then 404, no token 401', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    assertValidation(assert, await client.put(`/api/v1/me/blocks/${alice.id}`).loginAs(alice), 'user_id')
    assertError(assert, await client.put('/api/v1/me/blocks/999999').loginAs(alice), 404, 'E_NOT_FOUND')
    assertError(assert, await client.put(`/api/v1/me/blocks/${bob.id}`), 401, 'E_UNAUTHORIZED')
    assert.equal(await countRows('blocks'), 0)
    await makeBlock(alice, bob)
    assertError(assert, await client.delete(`/api/v1/me/blocks/${alice.id}`).loginAs(bob), 404, 'E_NOT_FOUND')
    ;(await client.delete(`/api/v1/me/blocks/${bob.id}`).loginAs(alice)).assertStatus(204)
    assert.equal(await countRows('blocks'), 0)
    assertError(assert, await client.delete(`/api/v1/me/blocks/${bob.id}`).loginAs(alice), 404, 'E_NOT_FOUND')
    // Unblocked: they can be friends again.
    ;(await client.post(`/api/v1/users/${alice.id}/friend-request`).loginAs(bob)).assertStatus(201)
  })

  test('a blocked user sees nothing of the blocker: profile, lists, reviews, comments, search, feed', async ({ client, assert }) => {
    const [blocker, blocked] = await UserFactory.createMany(2)
    const movie = await MovieFactory.create()
    const list = await makeList(blocker, 'public')
    await makeFriends(blocker, blocked)
    ;(await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 4, review: 'Great fun' }).loginAs(blocker)).assertStatus(201)
    ;(await client.post(`/api/v1/movies/${movie.id}/comments`).json({ body: 'first!' }).loginAs(blocker)).assertStatus(201)
    // Before the block, the friend sees the rating and the review in the feed (queued fan-out).
    await eventually(async () => (await client.get('/api/v1/me/feed').loginAs(blocked)).body().data.length === 2)

    ;(await client.put(`/api/v1/me/blocks/${blocked.id}`).loginAs(blocker)).assertStatus(201)

    assertError(assert, await client.get(`/api/v1/users/${blocker.id}`).loginAs(blocked), 404, 'E_NOT_FOUND')
    assertError(assert, await client.get(`/api/v1/lists/${list.id}`).loginAs(blocked), 404, 'E_NOT_FOUND')
    const lists = await client.get(`/api/v1/lists?user_id=${blocker.id}`).loginAs(blocked)
    assert.deepEqual(lists.body().data, [])
    const comments = await client.get(`/api/v1/movies/${movie.id}/comments`).loginAs(blocked)
    assert.deepEqual(comments.body().data, [])
    const reviews = await client.get(`/api/v1/movies/${movie.id}/reviews`).loginAs(blocked)
    assert.deepEqual(reviews.body().data, [])
    const search = await client.get(`/api/v1/users?search=${blocker.username.slice(0, 8)}`).loginAs(blocked)
    assert.notInclude(
      search.body().data.map((u: { id: number }) => u.id),
      blocker.id
    )
    const feed = await client.get('/api/v1/me/feed').loginAs(blocked)
    assert.deepEqual(feed.body().data, [])
    assert.equal(await countRows('feed_items', { owner_id: blocked.id }), 0)
    assertError(assert, await client.post(`/api/v1/users/${blocker.id}/friend-request`).loginAs(blocked), 404, 'E_NOT_FOUND')

    // Someone else still sees the blocker's content.
    const stranger = await UserFactory.create()
    ;(await client.get(`/api/v1/lists/${list.id}`).loginAs(stranger)).assertStatus(200)
    assert.lengthOf((await client.get(`/api/v1/movies/${movie.id}/comments`).loginAs(stranger)).body().data, 1)
  })

  test('a friends-only list: owner and friend see it, a stranger and a blocked ex-friend get 404', async ({ client, assert }) => {
    const [owner, friend, stranger, blocked] = await UserFactory.createMany(4)
    const list = await makeList(owner, 'friends')
    await makeFriends(owner, friend)
    await makeFriends(owner, blocked)
    ;(await client.get(`/api/v1/lists/${list.id}`).loginAs(owner)).assertStatus(200)
    ;(await client.get(`/api/v1/lists/${list.id}`).loginAs(friend)).assertStatus(200)
    ;(await client.get(`/api/v1/lists/${list.id}`).loginAs(blocked)).assertStatus(200)
    assertError(assert, await client.get(`/api/v1/lists/${list.id}`).loginAs(stranger), 404, 'E_NOT_FOUND')
    assertError(assert, await client.get(`/api/v1/lists/${list.id}`), 404, 'E_NOT_FOUND')
    const browse = await client.get(`/api/v1/lists?user_id=${owner.id}`).loginAs(friend)
    assert.deepEqual(
      browse.body().data.map((l: { id: number }) => l.id),
      [list.id]
    )
    assert.deepEqual((await client.get(`/api/v1/lists?user_id=${owner.id}`).loginAs(stranger)).body().data, [])

    ;(await client.put(`/api/v1/me/blocks/${blocked.id}`).loginAs(owner)).assertStatus(201)
    assertError(assert, await client.get(`/api/v1/lists/${list.id}`).loginAs(blocked), 404, 'E_NOT_FOUND')
    // Unfriending also closes it.
    ;(await client.delete(`/api/v1/me/friends/${owner.id}`).loginAs(friend)).assertStatus(204)
    assertError(assert, await client.get(`/api/v1/lists/${list.id}`).loginAs(friend), 404, 'E_NOT_FOUND')
  })
})
