import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#factories/user_factory'
import {
  assertError,
  assertValidation,
  countRows,
  eventually,
  friendshipRows,
  makeBlock,
  makeFriends,
  USER_SUMMARY_KEYS,
} from './helpers.js'

test.group('Social / friend requests', () => {
  test('POST /users/:id/friend-request is 201, stored, listed both ways and notifies the recipient', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const response = await client.post(`/api/v1/users/${bob.id}/friend-request`).loginAs(alice)
    response.assertStatus(201)
    const body = response.body()
    assert.deepEqual(Object.keys(body).sort(), ['created_at', 'from_user', 'id', 'to_user'])
    assert.deepEqual(Object.keys(body.from_user).sort(), [...USER_SUMMARY_KEYS].sort())
    assert.equal(body.from_user.id, alice.id)
    assert.equal(body.to_user.id, bob.id)
    const row = await db.from('friend_requests').where('id', body.id).first()
    assert.equal(row.from_user_id, alice.id)
    assert.equal(row.to_user_id, bob.id)

    // Default direction is incoming.
    const incoming = await client.get('/api/v1/me/friend-requests').loginAs(bob)
    incoming.assertStatus(200)
    assert.deepEqual(incoming.body().data.map((r: { id: number }) => r.id), [body.id])
    assert.equal(incoming.body().meta.total, 1)
    const bobOutgoing = await client.get('/api/v1/me/friend-requests?direction=outgoing').loginAs(bob)
    assert.deepEqual(bobOutgoing.body().data, [])
    const outgoing = await client.get('/api/v1/me/friend-requests?direction=outgoing').loginAs(alice)
    assert.equal(outgoing.body().data[0].to_user.id, bob.id)
    assertValidation(assert, await client.get('/api/v1/me/friend-requests?direction=sideways').loginAs(alice), 'direction')

    // The notification is written by the queued job, not the request.
    const notification = await eventually(() => db.from('notifications').where({ user_id: bob.id, type: 'friend_request' }).first())
    assert.equal(notification.data.request_id, body.id)
    assert.equal(notification.data.user.id, alice.id)
    assert.equal(await countRows('notifications', { user_id: alice.id }), 0)

    // Profiles show the pending state from both sides.
    const seenByAlice = await client.get(`/api/v1/users/${bob.id}`).loginAs(alice)
    assert.deepEqual(seenByAlice.body().friendship, { status: 'outgoing', request_id: body.id, since: null })
    const seenByBob = await client.get(`/api/v1/users/${alice.id}`).loginAs(bob)
    assert.deepEqual(seenByBob.body().friendship, { status: 'incoming', request_id: body.id, since: null })
  })

  test('to oneself 422, unknown 404, duplicate 409, reverse pending 409 with request_id, already friends 409, no token 401', async ({ client, assert }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    assertValidation(assert, await client.post(`/api/v1/users/${alice.id}/friend-request`).loginAs(alice), 'id')
    assertError(assert, await client.post('/api/v1/users/999999/friend-request').loginAs(alice), 404, 'E_NOT_FOUND')
    assertError(assert, await client.post(`/api/v1/users/${bob.id}/friend-request`), 401, 'E_UNAUTHORIZED')
    assert.equal(await countRows('friend_requests'), 0)

    const first = await client.post(`/api/v1/users/${bob.id}/friend-request`).loginAs(alice)
    first.assertStatus(201)
    assertError(assert, await client.post(`/api/v1/users/${bob.id}/friend-request`).loginAs(alice), 409, 'E_CONFLICT')
    // Reverse pending: documented choice — 409 pointing at the request to accept, never an implicit accept.
    const reverse = await client.post(`/api/v1/users/${alice.id}/friend-request`).loginAs(bob)
    assertError(assert, reverse, 409, 'E_CONFLICT')
    assert.equal(reverse.body().error.request_id, first.body().id)
    assert.equal(await countRows('friend_requests'), 1)
    assert.equal(await countRows('friendships'), 0)

    await makeFriends(alice, carol)
    assertError(assert, await client.post(`/api/v1/users/${carol.id}/friend-request`).loginAs(alice), 409, 'E_CONFLICT')
    assertError(assert, await client.post(`/api/v1/users/${alice.id}/friend-request`).loginAs(carol), 409, 'E_CONFLICT')
    assert.equal(await countRows('friend_requests'), 1)
  })

  test('to a blocked or blocking user is 404 and nothing is written', async ({ client, assert }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    await makeBlock(bob, alice) // bob blocked alice
    await makeBlock(alice, carol) // alice blocked carol
    assertError(assert, await client.post(`/api/v1/users/${bob.id}/friend-request`).loginAs(alice), 404, 'E_NOT_FOUND')
    assertError(assert, await client.post(`/api/v1/users/${alice.id}/friend-request`).loginAs(bob), 404, 'E_NOT_FOUND')
    assertError(assert, await client.post(`/api/v1/users/${carol.id}/friend-request`).loginAs(alice), 404, 'E_NOT_FOUND')
    assertError(assert, await client.post(`/api/v1/users/${alice.id}/friend-request`).loginAs(carol), 404, 'E_NOT_FOUND')
    assert.equal(await countRows('friend_requests'), 0)
  })

  test('only the recipient accepts (200); the friendship is stored once, ordered; both get feed entries and the sender a notification', async ({ client, assert }) => {
    const [alice, bob, mallory] = await UserFactory.createMany(3)
    // The higher id sends, so the stored pair must be reordered.
    const [low, high] = alice.id < bob.id ? [alice, bob] : [bob, alice]
    const request = (await client.post(`/api/v1/users/${low.id}/friend-request`).loginAs(high)).body()

    assertError(assert, await client.post(`/api/v1/me/friend-requests/${request.id}/accept`).loginAs(high), 404, 'E_NOT_FOUND')
    assertError(assert, await client.post(`/api/v1/me/friend-requests/${request.id}/accept`).loginAs(mallory), 404, 'E_NOT_FOUND')
    assertError(assert, await client.post('/api/v1/me/friend-requests/999999/accept').loginAs(low), 404, 'E_NOT_FOUND')
    assert.equal(await countRows('friendships'), 0)

    const accepted = await client.post(`/api/v1/me/friend-requests/${request.id}/accept`).loginAs(low)
    accepted.assertStatus(200)
    assert.equal(accepted.body().id, high.id)
    assert.isString(accepted.body().friends_since)
    assert.deepEqual(await friendshipRows(), [{ user_low_id: low.id, user_high_id: high.id }])
    assert.equal(await countRows('friend_requests'), 0)
    assert.equal(await countRows('activities', { type: 'friendship' }), 2)

    const notification = await eventually(() => db.from('notifications').where({ user_id: high.id, type: 'friend_accepted' }).first())
    assert.equal(notification.data.user.id, low.id)

    for (const [me, other] of [
      [low, high],
      [high, low],
    ]) {
      const friends = await client.get('/api/v1/me/friends').loginAs(me)
      friends.assertStatus(200)
      assert.lengthOf(friends.body().data, 1)
      assert.deepEqual(Object.keys(friends.body().data[0]).sort(), [...USER_SUMMARY_KEYS, 'friends_since'].sort())
      assert.equal(friends.body().data[0].id, other.id)
      const profile = await client.get(`/api/v1/users/${other.id}`).loginAs(me)
      assert.equal(profile.body().friendship.status, 'friends')
      assert.isString(profile.body().friendship.since)
      const me_ = await client.get('/api/v1/me').loginAs(me)
      assert.equal(me_.body().stats.friends, 1)
    }
    // Accepting again: the request is gone.
    assertError(assert, await client.post(`/api/v1/me/friend-requests/${request.id}/accept`).loginAs(low), 404, 'E_NOT_FOUND')
  })

  test('the database keeps one friendship per pair (ordered CHECK + primary key)', async ({ assert }) => {
    const [a, b] = await UserFactory.createMany(2)
    const [low, high] = a.id < b.id ? [a.id, b.id] : [b.id, a.id]
    await db.table('friendships').insert({ user_low_id: low, user_high_id: high })
    await assert.rejects(() => db.table('friendships').insert({ user_low_id: high, user_high_id: low }))
    await assert.rejects(() => db.table('friendships').insert({ user_low_id: low, user_high_id: high }))
    // One pending request per pair, whichever way.
    await db.table('friend_requests').insert({ from_user_id: a.id, to_user_id: b.id })
    await assert.rejects(() => db.table('friend_requests').insert({ from_user_id: b.id, to_user_id: a.id }))
    assert.equal(await countRows('friendships'), 1)
    assert.equal(await countRows('friend_requests'), 1)
  })

  test('DELETE /me/friend-requests/:id declines (recipient) or cancels (sender); others get 404', async ({ client, assert }) => {
    const [alice, bob, carol, mallory] = await UserFactory.createMany(4)
    const toBob = (await client.post(`/api/v1/users/${bob.id}/friend-request`).loginAs(alice)).body()
    const toCarol = (await client.post(`/api/v1/users/${carol.id}/friend-request`).loginAs(alice)).body()

    assertError(assert, await client.delete(`/api/v1/me/friend-requests/${toBob.id}`).loginAs(mallory), 404, 'E_NOT_FOUND')
    assert.equal(await countRows('friend_requests'), 2)

    ;(await client.delete(`/api/v1/me/friend-requests/${toBob.id}`).loginAs(bob)).assertStatus(204) // decline
    ;(await client.delete(`/api/v1/me/friend-requests/${toCarol.id}`).loginAs(alice)).assertStatus(204) // cancel
    assert.equal(await countRows('friend_requests'), 0)
    assert.equal(await countRows('friendships'), 0)
    assertError(assert, await client.delete(`/api/v1/me/friend-requests/${toBob.id}`).loginAs(bob), 404, 'E_NOT_FOUND')
    // After a decline a new request may be sent.
    ;(await client.post(`/api/v1/users/${bob.id}/friend-request`).loginAs(alice)).assertStatus(201)
  })

  test('DELETE /me/friends/:user_id unfriends (204) either side; 404 when not friends', async ({ client, assert }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    await makeFriends(alice, bob)
    assertError(assert, await client.delete(`/api/v1/me/friends/${carol.id}`).loginAs(alice), 404, 'E_NOT_FOUND')
    ;(await client.delete(`/api/v1/me/friends/${alice.id}`).loginAs(bob)).assertStatus(204)
    assert.equal(await countRows('friendships'), 0)
    assertError(assert, await client.delete(`/api/v1/me/friends/${bob.id}`).loginAs(alice), 404, 'E_NOT_FOUND')
    const friends = await client.get('/api/v1/me/friends').loginAs(alice)
    assert.deepEqual(friends.body().data, [])
    assert.equal(friends.body().meta.total, 0)
  })
})
