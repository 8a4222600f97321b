/*
| Reviews can be discussed (GET/POST /reviews/:id/comments): threads in the
| shape and with the rules of movie comments, on the review id that
| GET /movies/:id/reviews hands out (the rating id). The review's author
| hears about comments (`comment_reply`), never about their own; a review
| the caller may not see is 404 and its removal takes the thread with it.
*/

import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import Comment from '#models/comment'
import type Movie from '#models/movie'
import type User from '#models/user'
import UserSummaryTransformer from '#transformers/user_summary_transformer'
import { assertError, assertValidation, countRows, USER_SUMMARY_KEYS } from './helpers.js'
import { listNotifications, notificationRows, waitForQueues } from '../notifications/helpers.js'
import { PASSWORD, register } from '#tests/support/auth'

/** Writes `author`'s review through the API and returns its id as the reviews listing shows it. */
async function review(client: ApiClient, author: User, movie: Movie, text = 'A masterpiece.'): Promise<number> {
  const written = await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 4.5, review: text }).loginAs(author)
  if (![200, 201].includes(written.status())) throw new Error(`rating: ${written.status()} ${written.text()}`)
  const listed = await client.get(`/api/v1/movies/${movie.id}/reviews`)
  const item = listed.body().data.find((entry: { user: { id: number } }) => entry.user.id === author.id)
  return item.id as number
}

test.group('Engagement / review comments', () => {
  test('POST comments on the review id the reviews listing gives (201); GET lists the thread with replies', async ({
    client,
    assert,
  }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    const movie = await MovieFactory.create()
    const reviewId = await review(client, alice, movie)
    const rating = await db.from('ratings').where({ user_id: alice.id, movie_id: movie.id }).first()
    assert.equal(Number(rating.id), reviewId)

    const created = await client.post(`/api/v1/reviews/${reviewId}/comments`).json({ body: '  Spot on.  ' }).loginAs(bob)
    created.assertStatus(201)
    const body = created.body()
    assert.containSubset(body, {
      body: 'Spot on.',
      review_id: reviewId,
      movie_id: null,
      list_id: null,
      parent_id: null,
      replies_count: 0,
      likes: 0,
      liked_by_me: false,
      deleted: false,
    })
    assert.deepEqual(Object.keys(body.user).sort(), [...USER_SUMMARY_KEYS].sort())
    const row = await Comment.findOrFail(body.id)
    assert.equal(row.ratingId, reviewId)
    assert.isNull(row.movieId)
    assert.equal(row.userId, bob.id)

    const reply = await client
      .post(`/api/v1/reviews/${reviewId}/comments`)
      .json({ body: 'Not so sure', parent_id: body.id })
      .loginAs(carol)
    reply.assertStatus(201)
    assert.equal(reply.body().parent_id, body.id)
    await client.post(`/api/v1/reviews/${reviewId}/comments`).json({ body: 'Thanks all' }).loginAs(alice)

    const thread = await client.get(`/api/v1/reviews/${reviewId}/comments`).qs({ sort: 'created_at' })
    thread.assertStatus(200)
    assert.deepEqual(
      thread.body().data.map((item: { body: string; replies_count: number; review_id: number }) => [item.body, item.replies_count, item.review_id]),
      [
        ['Spot on.', 1, reviewId],
        ['Thanks all', 0, reviewId],
      ]
    )
    assert.equal(thread.body().meta.total, 2)
    const replies = await client.get(`/api/v1/comments/${body.id}/replies`)
    assert.deepEqual(
      replies.body().data.map((item: { body: string; user: { id: number } }) => [item.body, item.user.id]),
      [['Not so sure', carol.id]]
    )
    // The movie's own thread is another thread.
    assert.equal((await client.get(`/api/v1/movies/${movie.id}/comments`)).body().meta.total, 0)
    assert.equal(await countRows('comments', { rating_id: reviewId }), 3)
  })

  test("the review's author gets comment_reply for comments on it, never for their own; a reply also tells its parent's author", async ({
    client,
    assert,
  }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    const movie = await MovieFactory.create()
    const reviewId = await review(client, alice, movie)

    const top = await client.post(`/api/v1/reviews/${reviewId}/comments`).json({ body: 'Great review' }).loginAs(bob)
    top.assertStatus(201)
    await waitForQueues(['notifications'])
    const toAlice = await listNotifications(client, alice)
    assert.lengthOf(toAlice.data, 1)
    const bobSummary = UserSummaryTransformer.summary(bob)
    assert.containSubset(toAlice.data[0], {
      type: 'comment_reply',
      title: 'New comment on your review',
      movie_id: movie.id,
      read: false,
      message: `${bobSummary.display_name} commented on your review of “${movie.title}”`,
    })
    assert.deepEqual(toAlice.data[0].data, {
      comment_id: top.body().id,
      parent_id: null,
      movie_id: null,
      list_id: null,
      review_id: reviewId,
      user: bobSummary,
    })

    // The author's own comment and reply notify nobody but the parent's author (Bob).
    const own = await client.post(`/api/v1/reviews/${reviewId}/comments`).json({ body: 'Edit: typo' }).loginAs(alice)
    own.assertStatus(201)
    const answer = await client
      .post(`/api/v1/reviews/${reviewId}/comments`)
      .json({ body: 'Thank you', parent_id: top.body().id })
      .loginAs(alice)
    answer.assertStatus(201)
    // Carol replies to Bob: Bob (parent) and Alice (review) each hear once.
    const carols = await client
      .post(`/api/v1/reviews/${reviewId}/comments`)
      .json({ body: 'Me too', parent_id: top.body().id })
      .loginAs(carol)
    carols.assertStatus(201)
    // Bob replies to Alice's own comment: Alice is both parent and review author, told once.
    const toOwn = await client
      .post(`/api/v1/reviews/${reviewId}/comments`)
      .json({ body: 'No worries', parent_id: own.body().id })
      .loginAs(bob)
    toOwn.assertStatus(201)
    await waitForQueues(['notifications'])

    const rows = await notificationRows('comment_reply')
    assert.sameDeepMembers(
      rows.map((row) => [row.user_id, Number(row.data.comment_id)]),
      [
        [alice.id, top.body().id],
        [bob.id, answer.body().id],
        [bob.id, carols.body().id],
        [alice.id, carols.body().id],
        [alice.id, toOwn.body().id],
      ]
    )
    const toBob = (await listNotifications(client, bob)).data.find((item) => item.data.comment_id === answer.body().id)
    assert.equal(toBob?.title, 'New reply to your comment')
    assert.equal(
      toBob?.message,
      `${UserSummaryTransformer.summary(alice).display_name} replied to your comment on the review of “${movie.title}”`
    )
    assert.lengthOf((await listNotifications(client, carol)).data, 0)
  })

  test('a review the caller may not see is 404 (GET and POST), nothing written; no token is 401 to POST', async ({ client, assert }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    const [movie, other, third] = await MovieFactory.createMany(3)
    const hiddenMovie = await MovieFactory.merge({ isHidden: true }).create()
    const blockerReview = await review(client, alice, movie)
    const blockedReview = await review(client, bob, other)
    const moderated = await review(client, carol, third)
    await db.from('ratings').where('id', moderated).update({ hidden_at: new Date() })
    await db.table('ratings').insert({ user_id: carol.id, movie_id: hiddenMovie.id, rating: 4, review: 'Hidden movie' })
    const onHidden = Number((await db.from('ratings').where({ user_id: carol.id, movie_id: hiddenMovie.id }).first()).id)
    ;(await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 3 }).loginAs(carol)).assertStatus(201)
    const withoutText = Number((await db.from('ratings').where({ user_id: carol.id, movie_id: movie.id }).first()).id)
    await db.table('blocks').insert({ blocker_id: alice.id, blocked_id: bob.id })

    // Bob is blocked by Alice; Alice is blind to Bob's review too.
    const cases: [User, number][] = [
      [bob, blockerReview],
      [alice, blockedReview],
      [bob, moderated],
      [bob, onHidden],
      [bob, withoutText],
      [bob, 999_999_999],
    ]
    for (const [viewer, reviewId] of cases) {
      assertError(assert, await client.get(`/api/v1/reviews/${reviewId}/comments`).loginAs(viewer), 404, 'E_NOT_FOUND')
      const posted = await client.post(`/api/v1/reviews/${reviewId}/comments`).json({ body: 'Hello' }).loginAs(viewer)
      assertError(assert, posted, 404, 'E_NOT_FOUND')
      assert.equal(posted.body().error.message, 'Review not found')
    }
    assertError(assert, await client.get(`/api/v1/reviews/${onHidden}/comments`), 404, 'E_NOT_FOUND')
    assertError(assert, await client.post(`/api/v1/reviews/${blockerReview}/comments`).json({ body: 'Hi' }), 401, 'E_UNAUTHORIZED')
    assert.equal(await countRows('comments'), 0)

    // The same threads are open to whoever may see them.
    ;(await client.get(`/api/v1/reviews/${blockerReview}/comments`)).assertStatus(200)
    ;(await client.post(`/api/v1/reviews/${blockerReview}/comments`).json({ body: 'Hi' }).loginAs(carol)).assertStatus(201)
  })

  test('bad bodies and parents from another thread are 422, nothing written', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const [movie, other] = await MovieFactory.createMany(2)
    const reviewId = await review(client, alice, movie)
    const otherReview = await review(client, alice, other)
    const elsewhere = await Comment.create({ userId: alice.id, ratingId: otherReview, body: 'Other review' })
    const onMovie = await Comment.create({ userId: alice.id, movieId: movie.id, body: 'On the movie' })

    for (const body of ['', '   ', 'x'.repeat(2001), 42, null]) {
      assertValidation(assert, await client.post(`/api/v1/reviews/${reviewId}/comments`).json({ body }).loginAs(bob), 'body')
    }
    for (const parentId of [elsewhere.id, onMovie.id, 999_999]) {
      const response = await client
        .post(`/api/v1/reviews/${reviewId}/comments`)
        .json({ body: 'Reply', parent_id: parentId })
        .loginAs(bob)
      assertValidation(assert, response, 'parent_id')
    }
    assertValidation(assert, await client.get(`/api/v1/reviews/${reviewId}/comments`).qs({ per_page: 0 }), 'per_page')
    assert.equal(await countRows('comments', { rating_id: reviewId }), 0)
    assert.equal(await countRows('comments'), 2)
    assert.equal(await countRows('notifications'), 0)
  })

  test('removing the review text, or the rating, takes its thread (and likes) with it', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const [movie, other] = await MovieFactory.createMany(2)
    const reviewId = await review(client, alice, movie)
    const top = await client.post(`/api/v1/reviews/${reviewId}/comments`).json({ body: 'Top' }).loginAs(bob)
    await client.post(`/api/v1/reviews/${reviewId}/comments`).json({ body: 'Reply', parent_id: top.body().id }).loginAs(alice)
    ;(await client.post(`/api/v1/comments/${top.body().id}/like`).loginAs(alice)).assertStatus(204)

    // Editing the text keeps the discussion.
    ;(await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 4, review: 'Still great.' }).loginAs(alice)).assertStatus(200)
    assert.equal(await countRows('comments', { rating_id: reviewId }), 2)

    ;(await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 4, review: null }).loginAs(alice)).assertStatus(200)
    assert.equal(await countRows('comments'), 0)
    assert.equal(await countRows('comment_likes'), 0)
    assertError(assert, await client.get(`/api/v1/reviews/${reviewId}/comments`), 404, 'E_NOT_FOUND')

    // Whoever removes the text (a moderator's removal writes the row directly) removes the thread.
    const again = await review(client, alice, movie, 'Back again.')
    assert.equal(again, reviewId)
    await client.post(`/api/v1/reviews/${again}/comments`).json({ body: 'Welcome back' }).loginAs(bob)
    await client.post(`/api/v1/movies/${movie.id}/comments`).json({ body: 'On the movie' }).loginAs(bob)
    await db.from('ratings').where('id', again).update({ review: null })
    assert.deepEqual(await db.from('comments').select('body'), [{ body: 'On the movie' }])
    await db.from('comments').delete()

    const second = await review(client, alice, other)
    await client.post(`/api/v1/reviews/${second}/comments`).json({ body: 'Soon gone' }).loginAs(bob)
    ;(await client.delete(`/api/v1/movies/${other.id}/rating`).loginAs(alice)).assertStatus(204)
    assert.equal(await countRows('comments'), 0)
  })

  test("deleting the reviewer's account takes the thread and the notifications about it", async ({ client, assert }) => {
    const member = await register(client)
    const [recipient, replier] = await UserFactory.createMany(2)
    const movie = await MovieFactory.create()
    const written = await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 4, review: 'Mine.' }).bearerToken(member.access_token)
    written.assertStatus(201)
    const reviewId = written.body().id as number
    const top = await client.post(`/api/v1/reviews/${reviewId}/comments`).json({ body: 'Nice' }).loginAs(recipient)
    await client.post(`/api/v1/reviews/${reviewId}/comments`).json({ body: 'Indeed', parent_id: top.body().id }).loginAs(replier)
    await client.post(`/api/v1/movies/${movie.id}/comments`).json({ body: 'Elsewhere' }).loginAs(recipient)
    await waitForQueues(['notifications'])
    assert.lengthOf((await listNotifications(client, recipient)).data, 1)

    const deleted = await client.delete('/api/v1/auth/account').bearerToken(member.access_token).json({ password: PASSWORD })
    deleted.assertStatus(204)
    assert.deepEqual(await db.from('comments').select('body'), [{ body: 'Elsewhere' }])
    const left = await listNotifications(client, recipient)
    assert.lengthOf(left.data, 0)
    assert.equal(left.meta.unread_count, 0)
  })

  test('a review comment is edited, deleted, liked and reported like any comment', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const movie = await MovieFactory.create()
    const reviewId = await review(client, alice, movie)
    const created = await client.post(`/api/v1/reviews/${reviewId}/comments`).json({ body: 'Typo' }).loginAs(bob)
    const id = created.body().id as number

    const edited = await client.patch(`/api/v1/comments/${id}`).json({ body: 'Fixed' }).loginAs(bob)
    edited.assertStatus(200)
    assert.containSubset(edited.body(), { body: 'Fixed', review_id: reviewId })
    assertError(assert, await client.patch(`/api/v1/comments/${id}`).json({ body: 'Mine now' }).loginAs(alice), 403, 'E_FORBIDDEN')
    ;(await client.post(`/api/v1/comments/${id}/like`).loginAs(alice)).assertStatus(204)
    ;(await client.post(`/api/v1/comments/${id}/report`).json({ reason: 'spam' }).loginAs(alice)).assertStatus(201)
    assert.equal(await countRows('reports', { target_type: 'comment', target_id: id }), 1)
    ;(await client.delete(`/api/v1/comments/${id}`).loginAs(bob)).assertStatus(204)
    assert.equal(await countRows('comments'), 0)
  })
})
