/*
 * Deleting an account leaves nothing stale for anyone else (issue 17): the
 * cached counters of its friends and the notifications that point at it or
 * at what went with it (friend requests and acceptances, replies, chat
 * messages, replies in threads on its lists).
 */
import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import type User from '#models/user'
import { PASSWORD, register } from '#tests/support/auth'
import { countRows, eventually } from '../engagement/helpers.js'

interface Inbox {
  data: { type: string; data: { user?: { id: number } } }[]
  meta: { unread_count: number }
}

async function inbox(client: ApiClient, user: User): Promise<Inbox> {
  const response = await client.get('/api/v1/me/notifications').loginAs(user)
  response.assertStatus(200)
  return response.body()
}

async function friendsCount(client: ApiClient, user: User): Promise<number> {
  const response = await client.get('/api/v1/me').loginAs(user)
  response.assertStatus(200)
  return response.body().stats.friends
}

test.group('Auth / delete account: everyone else is up to date at once', () => {
  test("friends' counters drop and notifications pointing at the account or its content disappear", async ({ client, assert }) => {
    const member = await register(client, { display_name: 'Leaving Soon' })
    const bearer = member.access_token
    const [friendA, friendB, recipient, replier, stranger] = await UserFactory.createMany(5)
    const movie = await MovieFactory.create()

    // friendA: member asks, friendA accepts. friendB: friendB asks, member accepts (friend_accepted to friendB).
    const ask = await client.post(`/api/v1/users/${friendA.id}/friend-request`).bearerToken(bearer)
    ask.assertStatus(201)
    ;(await client.post(`/api/v1/me/friend-requests/${ask.body().id}/accept`).loginAs(friendA)).assertStatus(200)
    const asked = await client.post(`/api/v1/users/${member.id}/friend-request`).loginAs(friendB)
    asked.assertStatus(201)
    ;(await client.post(`/api/v1/me/friend-requests/${asked.body().id}/accept`).bearerToken(bearer)).assertStatus(200)

    // A pending request to `recipient`, and one from a stranger that must stay.
    ;(await client.post(`/api/v1/users/${recipient.id}/friend-request`).bearerToken(bearer)).assertStatus(201)
    ;(await client.post(`/api/v1/users/${recipient.id}/friend-request`).loginAs(stranger)).assertStatus(201)

    // member replies to recipient's comment; replier answers recipient in a thread on member's list.
    const own = await client.post(`/api/v1/movies/${movie.id}/comments`).json({ body: 'Great film' }).loginAs(recipient)
    own.assertStatus(201)
    ;(await client.post(`/api/v1/movies/${movie.id}/comments`).json({ body: 'Agreed', parent_id: own.body().id }).bearerToken(bearer)).assertStatus(201)
    const list = await client.post('/api/v1/lists').json({ title: 'Best of', privacy: 'public' }).bearerToken(bearer)
    list.assertStatus(201)
    const onList = await client.post(`/api/v1/lists/${list.body().id}/comments`).json({ body: 'Nice list' }).loginAs(recipient)
    onList.assertStatus(201)
    ;(await client.post(`/api/v1/lists/${list.body().id}/comments`).json({ body: 'Indeed', parent_id: onList.body().id }).loginAs(replier)).assertStatus(201)

    // A direct message to friendA.
    const room = await client.post('/api/v1/chat/rooms').json({ type: 'direct', user_id: friendA.id }).bearerToken(bearer)
    ;(await client.post(`/api/v1/chat/rooms/${room.body().id}/messages`).json({ body: 'Bye!' }).bearerToken(bearer)).assertStatus(201)

    // The queued notifications have arrived, and every cache is warm.
    await eventually(async () => (await inbox(client, recipient)).data.length === 4)
    await eventually(async () => (await inbox(client, friendA)).data.some((n) => n.type === 'chat_message'))
    await eventually(async () => (await inbox(client, friendB)).data.some((n) => n.type === 'friend_accepted'))
    assert.equal((await inbox(client, recipient)).meta.unread_count, 4)
    assert.equal(await friendsCount(client, friendA), 1)
    assert.equal(await friendsCount(client, friendB), 1)

    const deleted = await client.delete('/api/v1/auth/account').bearerToken(bearer).json({ password: PASSWORD })
    deleted.assertStatus(204)

    // Read straight after: no stale counter.
    assert.equal(await friendsCount(client, friendA), 0)
    assert.equal(await friendsCount(client, friendB), 0)

    // Only the stranger's request is left in recipient's inbox, and the unread count follows.
    const left = await inbox(client, recipient)
    assert.deepEqual(
      left.data.map((n) => [n.type, n.data.user?.id]),
      [['friend_request', stranger.id]]
    )
    assert.equal(left.meta.unread_count, 1)
    assert.notExists((await inbox(client, friendA)).data.find((n) => n.data.user?.id === member.id))
    assert.notExists((await inbox(client, friendB)).data.find((n) => n.data.user?.id === member.id))
    assert.equal(await countRows('friend_requests'), 1)
    // The notifications other users caused elsewhere are untouched.
    assert.equal(await countRows('notifications', { user_id: stranger.id }), 0)
  })
})
