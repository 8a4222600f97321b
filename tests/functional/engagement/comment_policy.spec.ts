/*
| comment_policy on reviews and lists: `anyone` (the default), `friends`
| (the owner's friends and the owner) or `none` (the owner only), set by the
| owner through PUT /movies/:id/rating and POST/PATCH /lists/:id, shown on
| every review and list shape. Commenting (a reply too) against it is 403
| E_FORBIDDEN and writes nothing; a bad value is 422 naming the field and
| changes nothing; reading a thread is unaffected.
*/

import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import Comment, { COMMENT_POLICIES, type CommentPolicyValue } from '#models/comment'
import List from '#models/list'
import type Movie from '#models/movie'
import type User from '#models/user'
import { assertError, assertValidation, countRows } from './helpers.js'
import { makeFriends } from '../social/helpers.js'

/** Who may comment under each policy: [owner, friend, stranger]. */
const MATRIX: Record<CommentPolicyValue, [boolean, boolean, boolean]> = {
  anyone: [true, true, true],
  friends: [true, true, false],
  none: [true, false, false],
}

async function ratingRow(user: User, movie: Movie) {
  return db.from('ratings').where({ user_id: user.id, movie_id: movie.id }).firstOrFail()
}

async function cast() {
  const [owner, friend, stranger] = await UserFactory.createMany(3)
  await makeFriends(owner, friend)
  return { owner, friend, stranger }
}

test.group('Engagement / comment_policy: reviews', () => {
  test('a review starts at "anyone"; PUT sets it, a PUT without it keeps it; every review shape shows it', async ({
    client,
    assert,
  }) => {
    const alice = await UserFactory.create()
    const movie = await MovieFactory.create()

    const created = await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 4, review: 'Good.' }).loginAs(alice)
    created.assertStatus(201)
    assert.equal(created.body().comment_policy, 'anyone')
    assert.equal((await ratingRow(alice, movie)).comment_policy, 'anyone')

    const set = await client
      .put(`/api/v1/movies/${movie.id}/rating`)
      .json({ rating: 4, review: 'Good.', comment_policy: 'friends' })
      .loginAs(alice)
    set.assertStatus(200)
    assert.equal(set.body().comment_policy, 'friends')

    const kept = await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 5 }).loginAs(alice)
    kept.assertStatus(200)
    assert.equal(kept.body().comment_policy, 'friends')
    assert.equal((await ratingRow(alice, movie)).comment_policy, 'friends')

    const listed = await client.get(`/api/v1/movies/${movie.id}/reviews`)
    assert.equal(listed.body().data[0].comment_policy, 'friends')
    const mine = await client.get('/api/v1/me/reviews').loginAs(alice)
    assert.equal(mine.body().data[0].comment_policy, 'friends')
  })

  test('a bad comment_policy is 422 naming it and changes nothing (rating, text or policy)', async ({ client, assert }) => {
    const alice = await UserFactory.create()
    const [movie, unrated] = await MovieFactory.createMany(2)
    await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 3, review: 'Fine.', comment_policy: 'none' }).loginAs(alice)

    for (const value of ['everyone', 'FRIENDS', '', 1, true]) {
      const response = await client
        .put(`/api/v1/movies/${movie.id}/rating`)
        .json({ rating: 5, review: 'Changed!', comment_policy: value })
        .loginAs(alice)
      assertValidation(assert, response, 'comment_policy')
      const fresh = await client
        .put(`/api/v1/movies/${unrated.id}/rating`)
        .json({ rating: 5, comment_policy: value })
        .loginAs(alice)
      assertValidation(assert, fresh, 'comment_policy')
    }
    const row = await ratingRow(alice, movie)
    assert.deepEqual([Number(row.rating), row.review, row.comment_policy], [3, 'Fine.', 'none'])
    assert.equal(await countRows('ratings', { movie_id: unrated.id }), 0)

    // null is "not given" (as for the other optional fields): the policy stays.
    const nulled = await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 3, comment_policy: null }).loginAs(alice)
    nulled.assertStatus(200)
    assert.equal(nulled.body().comment_policy, 'none')
  })

  for (const policy of COMMENT_POLICIES) {
    test(`policy "${policy}": owner, friend and stranger comment on a review as it allows (403 otherwise, nothing written)`, async ({
      client,
      assert,
    }) => {
      const { owner, friend, stranger } = await cast()
      const movie = await MovieFactory.create()
      await client
        .put(`/api/v1/movies/${movie.id}/rating`)
        .json({ rating: 4, review: 'Discuss.', comment_policy: policy })
        .loginAs(owner)
      const reviewId = Number((await ratingRow(owner, movie)).id)
      const ownersComment = await Comment.create({ userId: owner.id, ratingId: reviewId, body: 'Ask me anything' })

      const expected = MATRIX[policy]
      for (const [index, user] of [owner, friend, stranger].entries()) {
        const top = await client.post(`/api/v1/reviews/${reviewId}/comments`).json({ body: `From ${user.id}` }).loginAs(user)
        const reply = await client
          .post(`/api/v1/reviews/${reviewId}/comments`)
          .json({ body: `Reply from ${user.id}`, parent_id: ownersComment.id })
          .loginAs(user)
        for (const response of [top, reply]) {
          if (expected[index]) response.assertStatus(201)
          else assertError(assert, response, 403, 'E_FORBIDDEN')
        }
        assert.equal(await countRows('comments', { rating_id: reviewId, user_id: user.id }), expected[index] ? 2 + (index === 0 ? 1 : 0) : 0)
      }
      // Reading is not commenting: the thread stays open to all who may see the review.
      for (const user of [owner, friend, stranger]) {
        ;(await client.get(`/api/v1/reviews/${reviewId}/comments`).loginAs(user)).assertStatus(200)
      }
      ;(await client.get(`/api/v1/reviews/${reviewId}/comments`)).assertStatus(200)
    })
  }

  test('a moderator is a stranger to a review that allows nobody; changing the policy applies at once', async ({ client, assert }) => {
    const owner = await UserFactory.create()
    const moderator = await UserFactory.apply('moderator').create()
    const movie = await MovieFactory.create()
    await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 4, review: 'Quiet.', comment_policy: 'none' }).loginAs(owner)
    const reviewId = Number((await ratingRow(owner, movie)).id)

    const refused = await client.post(`/api/v1/reviews/${reviewId}/comments`).json({ body: 'Mod here' }).loginAs(moderator)
    assertError(assert, refused, 403, 'E_FORBIDDEN')
    await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 4, comment_policy: 'anyone' }).loginAs(owner)
    ;(await client.post(`/api/v1/reviews/${reviewId}/comments`).json({ body: 'Mod here' }).loginAs(moderator)).assertStatus(201)
    assert.equal(await countRows('comments', { rating_id: reviewId }), 1)
  })
})

test.group('Engagement / comment_policy: lists', () => {
  test('POST /lists takes comment_policy (default "anyone"); PATCH changes it; list shapes show it', async ({ client, assert }) => {
    const alice = await UserFactory.create()
    const plain = await client.post('/api/v1/lists').json({ title: 'Plain', privacy: 'public' }).loginAs(alice)
    plain.assertStatus(201)
    assert.equal(plain.body().comment_policy, 'anyone')
    const closed = await client.post('/api/v1/lists').json({ title: 'Closed', privacy: 'public', comment_policy: 'none' }).loginAs(alice)
    closed.assertStatus(201)
    assert.equal(closed.body().comment_policy, 'none')
    assert.equal((await List.findOrFail(closed.body().id)).commentPolicy, 'none')

    const patched = await client.patch(`/api/v1/lists/${plain.body().id}`).json({ comment_policy: 'friends' }).loginAs(alice)
    patched.assertStatus(200)
    assert.equal(patched.body().comment_policy, 'friends')
    const untouched = await client.patch(`/api/v1/lists/${plain.body().id}`).json({ title: 'Renamed' }).loginAs(alice)
    assert.equal(untouched.body().comment_policy, 'friends')
    assert.equal((await List.findOrFail(plain.body().id)).commentPolicy, 'friends')

    const browsed = await client.get('/api/v1/lists').qs({ user_id: alice.id, sort: 'title' })
    assert.deepEqual(
      browsed.body().data.map((list: { title: string; comment_policy: string }) => [list.title, list.comment_policy]),
      [
        ['Closed', 'none'],
        ['Renamed', 'friends'],
      ]
    )
    assert.equal((await client.get(`/api/v1/lists/${closed.body().id}`)).body().comment_policy, 'none')
    assert.lengthOf((await client.get('/api/v1/me/lists').loginAs(alice)).body().data, 2)
  })

  test('a bad comment_policy is 422 naming it; nothing is created or changed; only the owner may change it', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const list = await List.create({ userId: alice.id, title: 'Mine', privacy: 'public', ranked: false, shareToken: 'tok-mine' })

    for (const value of ['everyone', '', 0, false]) {
      const created = await client
        .post('/api/v1/lists')
        .json({ title: 'Nope', privacy: 'public', comment_policy: value })
        .loginAs(alice)
      assertValidation(assert, created, 'comment_policy')
      const patched = await client
        .patch(`/api/v1/lists/${list.id}`)
        .json({ title: 'Changed', comment_policy: value })
        .loginAs(alice)
      assertValidation(assert, patched, 'comment_policy')
    }
    assertError(assert, await client.patch(`/api/v1/lists/${list.id}`).json({ comment_policy: 'none' }).loginAs(bob), 403, 'E_FORBIDDEN')
    await list.refresh()
    assert.deepEqual([list.title, list.commentPolicy], ['Mine', 'anyone'])
    assert.equal(await countRows('lists'), 1)
  })

  for (const policy of COMMENT_POLICIES) {
    test(`policy "${policy}": owner, friend and stranger comment on a list as it allows (403 otherwise, nothing written)`, async ({
      client,
      assert,
    }) => {
      const { owner, friend, stranger } = await cast()
      const created = await client
        .post('/api/v1/lists')
        .json({ title: 'Open to view', privacy: 'public', comment_policy: policy })
        .loginAs(owner)
      const listId = created.body().id as number
      const ownersComment = await Comment.create({ userId: owner.id, listId, body: 'What did I miss?' })

      const expected = MATRIX[policy]
      for (const [index, user] of [owner, friend, stranger].entries()) {
        const top = await client.post(`/api/v1/lists/${listId}/comments`).json({ body: `From ${user.id}` }).loginAs(user)
        const reply = await client
          .post(`/api/v1/lists/${listId}/comments`)
          .json({ body: `Reply from ${user.id}`, parent_id: ownersComment.id })
          .loginAs(user)
        for (const response of [top, reply]) {
          if (expected[index]) response.assertStatus(201)
          else assertError(assert, response, 403, 'E_FORBIDDEN')
        }
        assert.equal(await countRows('comments', { list_id: listId, user_id: user.id }), expected[index] ? 2 + (index === 0 ? 1 : 0) : 0)
      }
      const listed = await client.get(`/api/v1/lists/${listId}/comments`).loginAs(stranger)
      listed.assertStatus(200)
      assert.equal(listed.body().meta.total, 1 + expected.filter(Boolean).length)
    })
  }

  test('visibility comes first: a list the caller may not see is 404 whatever its policy', async ({ client, assert }) => {
    const { owner, friend, stranger } = await cast()
    const friendsOnly = await List.create({
      userId: owner.id,
      title: 'Friends only',
      privacy: 'friends',
      ranked: false,
      shareToken: 'tok-friends',
      commentPolicy: 'anyone',
    })
    assertError(assert, await client.post(`/api/v1/lists/${friendsOnly.id}/comments`).json({ body: 'Hi' }).loginAs(stranger), 404, 'E_NOT_FOUND')
    ;(await client.post(`/api/v1/lists/${friendsOnly.id}/comments`).json({ body: 'Hi' }).loginAs(friend)).assertStatus(201)
    assert.equal(await countRows('comments'), 1)
  })
})
