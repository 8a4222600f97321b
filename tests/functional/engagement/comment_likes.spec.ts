/*
| Comment likes (POST/DELETE /comments/:id/like): idempotent 204s, one row
| per user and comment; every comment shape carries `likes` and the
| caller's `liked_by_me` (false without a token), and one user's likes
| never show in another's body or ETag. A comment the caller may not see
| is 404 to like, and nothing is written.
*/

import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import Comment from '#models/comment'
import List from '#models/list'
import { assertError, countRows } from './helpers.js'

async function comment(userId: number, movieId: number, body: string, parentId: number | null = null) {
  return Comment.create({ userId, movieId, body, parentId })
}

type Item = { id: number; likes: number; liked_by_me: boolean }

/** `id → [likes, liked_by_me]` of a comments page. */
function likesOf(data: Item[]) {
  return Object.fromEntries(data.map((item) => [item.id, [item.likes, item.liked_by_me]]))
}

test.group('Engagement / comment likes', () => {
  test('like is an idempotent 204 with one row; unlike too; the thread shows the count and the caller\'s like', async ({
    client,
    assert,
  }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    const movie = await MovieFactory.create()
    const target = await comment(alice.id, movie.id, 'Who else?')

    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await client.post(`/api/v1/comments/${target.id}/like`).loginAs(bob)
      response.assertStatus(204)
      assert.equal(response.text(), '')
    }
    assert.deepEqual(
      await db.from('comment_likes').select('user_id', 'comment_id'),
      [{ user_id: bob.id, comment_id: target.id }]
    )

    const asBob = await client.get(`/api/v1/movies/${movie.id}/comments`).loginAs(bob)
    assert.containSubset(asBob.body().data, [{ id: target.id, likes: 1, liked_by_me: true }])
    const asCarol = await client.get(`/api/v1/movies/${movie.id}/comments`).loginAs(carol)
    assert.containSubset(asCarol.body().data, [{ id: target.id, likes: 1, liked_by_me: false }])
    const anonymous = await client.get(`/api/v1/movies/${movie.id}/comments`)
    assert.containSubset(anonymous.body().data, [{ id: target.id, likes: 1, liked_by_me: false }])

    for (let attempt = 0; attempt < 2; attempt++) {
      ;(await client.delete(`/api/v1/comments/${target.id}/like`).loginAs(bob)).assertStatus(204)
    }
    assert.equal(await countRows('comment_likes'), 0)
    const after = await client.get(`/api/v1/movies/${movie.id}/comments`).loginAs(bob)
    assert.containSubset(after.body().data, [{ id: target.id, likes: 0, liked_by_me: false }])
  })

  test('counts are exact per comment on a page, in replies, list threads and the edited comment', async ({ client, assert }) => {
    const users = await UserFactory.createMany(4)
    const [alice, bob] = users
    const movie = await MovieFactory.create()
    const first = await comment(alice.id, movie.id, 'First')
    const second = await comment(bob.id, movie.id, 'Second')
    const reply = await comment(bob.id, movie.id, 'Reply', first.id)
    const list = await List.create({ userId: alice.id, title: 'Open', privacy: 'public', ranked: false, shareToken: 'tok-open' })
    const onList = await Comment.create({ userId: bob.id, listId: list.id, body: 'Nice list' })

    // first: 3 likes (alice's own included), second: 1, the reply: 2, the list comment: 4.
    const plan: [Comment, typeof users][] = [
      [first, users.slice(0, 3)],
      [second, [users[3]]],
      [reply, [alice, users[2]]],
      [onList, users],
    ]
    for (const [target, likers] of plan) {
      for (const liker of likers) (await client.post(`/api/v1/comments/${target.id}/like`).loginAs(liker)).assertStatus(204)
    }
    assert.equal(await countRows('comment_likes'), 10)
    assert.equal(await countRows('comment_likes', { comment_id: first.id }), 3)

    const page = await client.get(`/api/v1/movies/${movie.id}/comments`).loginAs(alice)
    page.assertStatus(200)
    assert.deepEqual(likesOf(page.body().data), { [first.id]: [3, true], [second.id]: [1, false] })

    const replies = await client.get(`/api/v1/comments/${first.id}/replies`).loginAs(users[3])
    assert.deepEqual(likesOf(replies.body().data), { [reply.id]: [2, false] })

    const listThread = await client.get(`/api/v1/lists/${list.id}/comments`).loginAs(users[3])
    assert.deepEqual(likesOf(listThread.body().data), { [onList.id]: [4, true] })

    const edited = await client.patch(`/api/v1/comments/${first.id}`).json({ body: 'First (edited)' }).loginAs(alice)
    edited.assertStatus(200)
    assert.containSubset(edited.body(), { likes: 3, liked_by_me: true, replies_count: 1 })

    const created = await client.post(`/api/v1/movies/${movie.id}/comments`).json({ body: 'New' }).loginAs(bob)
    created.assertStatus(201)
    assert.containSubset(created.body(), { likes: 0, liked_by_me: false })
  })

  test('two users on the same URL get their own liked_by_me and ETags; one never gets a 304 for the other', async ({
    client,
    assert,
  }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const movie = await MovieFactory.create()
    const target = await comment(alice.id, movie.id, 'Liked by Bob only')
    ;(await client.post(`/api/v1/comments/${target.id}/like`).loginAs(bob)).assertStatus(204)

    const url = `/api/v1/movies/${movie.id}/comments`
    const asBob = await client.get(url).loginAs(bob)
    const asAlice = await client.get(url).loginAs(alice)
    assert.isTrue(asBob.body().data[0].liked_by_me)
    assert.isFalse(asAlice.body().data[0].liked_by_me)
    assert.equal(asBob.body().data[0].likes, asAlice.body().data[0].likes)
    assert.notEqual(asBob.header('etag'), asAlice.header('etag'))

    const crossed = await client.get(url).header('If-None-Match', asBob.header('etag')!).loginAs(alice)
    crossed.assertStatus(200)
    assert.isFalse(crossed.body().data[0].liked_by_me)
    ;(await client.get(url).header('If-None-Match', asBob.header('etag')!).loginAs(bob)).assertStatus(304)

    // A like changes Alice's next body (and so its ETag): no stale 304.
    ;(await client.post(`/api/v1/comments/${target.id}/like`).loginAs(alice)).assertStatus(204)
    const fresh = await client.get(url).header('If-None-Match', asAlice.header('etag')!).loginAs(alice)
    fresh.assertStatus(200)
    assert.containSubset(fresh.body().data, [{ likes: 2, liked_by_me: true }])
  })

  test('a comment the caller may not see is 404 to like and unlike; nothing is written', async ({ client, assert }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    const movie = await MovieFactory.create()
    const hiddenMovie = await MovieFactory.merge({ isHidden: true }).create()
    const secret = await List.create({ userId: alice.id, title: 'Secret', privacy: 'private', ranked: false, shareToken: 'tok-s' })

    const byBlocker = await comment(alice.id, movie.id, 'Alice blocked Bob')
    const placeholder = await comment(carol.id, movie.id, 'Deleted with a reply')
    await comment(alice.id, movie.id, 'The reply', placeholder.id)
    placeholder.merge({ body: null, deletedAt: DateTime.now(), deletedBy: carol.id })
    await placeholder.save()
    const onHidden = await comment(carol.id, hiddenMovie.id, 'On a hidden movie')
    const onSecret = await Comment.create({ userId: alice.id, listId: secret.id, body: 'Note to self' })
    const moderated = await comment(carol.id, movie.id, 'Hidden by a moderator')
    await db.from('comments').where('id', moderated.id).update({ hidden_at: new Date() })
    await db.table('blocks').insert({ blocker_id: alice.id, blocked_id: bob.id })

    for (const id of [byBlocker.id, placeholder.id, onHidden.id, onSecret.id, moderated.id, 2_000_000_000]) {
      assertError(assert, await client.post(`/api/v1/comments/${id}/like`).loginAs(bob), 404, 'E_NOT_FOUND')
      assertError(assert, await client.delete(`/api/v1/comments/${id}/like`).loginAs(bob), 404, 'E_NOT_FOUND')
    }
    // The blocked side is blind too: Alice cannot like a comment of the user she blocked.
    const byBlocked = await comment(bob.id, movie.id, 'Bob, blocked')
    assertError(assert, await client.post(`/api/v1/comments/${byBlocked.id}/like`).loginAs(alice), 404, 'E_NOT_FOUND')
    // An id past the column's range never reaches the database.
    assertError(assert, await client.post('/api/v1/comments/99999999999/like').loginAs(bob), 404, 'E_NOT_FOUND')
    assert.equal(await countRows('comment_likes'), 0)

    // Carol may see the same comments (no block) where their subject allows it.
    ;(await client.post(`/api/v1/comments/${byBlocker.id}/like`).loginAs(carol)).assertStatus(204)
    assert.deepEqual(await db.from('comment_likes').select('user_id', 'comment_id'), [{ user_id: carol.id, comment_id: byBlocker.id }])
  })

  test('a link list\'s comment needs its share token; without a token like and unlike are 401', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const linked = await List.create({ userId: alice.id, title: 'Linked', privacy: 'link', ranked: false, shareToken: 'tok-link' })
    const target = await Comment.create({ userId: alice.id, listId: linked.id, body: 'Via the link' })

    assertError(assert, await client.post(`/api/v1/comments/${target.id}/like`).loginAs(bob), 404, 'E_NOT_FOUND')
    ;(await client.post(`/api/v1/comments/${target.id}/like`).qs({ share_token: 'tok-link' }).loginAs(bob)).assertStatus(204)
    assert.equal(await countRows('comment_likes', { comment_id: target.id, user_id: bob.id }), 1)

    assertError(assert, await client.post(`/api/v1/comments/${target.id}/like`), 401, 'E_UNAUTHORIZED')
    assertError(assert, await client.delete(`/api/v1/comments/${target.id}/like`), 401, 'E_UNAUTHORIZED')
    assert.equal(await countRows('comment_likes'), 1)
  })

  test('deleting a liked comment takes its likes with it', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const movie = await MovieFactory.create()
    const target = await comment(alice.id, movie.id, 'Soon gone')
    const kept = await comment(alice.id, movie.id, 'Stays')
    for (const id of [target.id, kept.id]) (await client.post(`/api/v1/comments/${id}/like`).loginAs(bob)).assertStatus(204)
    ;(await client.delete(`/api/v1/comments/${target.id}`).loginAs(alice)).assertStatus(204)
    assert.deepEqual(await db.from('comment_likes').select('comment_id'), [{ comment_id: kept.id }])
  })
})
