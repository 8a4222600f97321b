import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import { assertError, assertValidation, countRows, USER_SUMMARY_KEYS } from './helpers.js'

/** A rating (with review text unless null) written at a fixed minute, so order is known. */
async function review(userId: number, movieId: number, rating: number, text: string | null, minutes = 0) {
  const at = new Date(Date.UTC(2026, 0, 1, 12, minutes))
  const [row] = await db
    .table('ratings')
    .insert({ user_id: userId, movie_id: movieId, rating, review: text, created_at: at, updated_at: at })
    .returning('id')
  return { id: Number(row.id) }
}

test.group('Engagement / GET /movies/:id/reviews', () => {
  test('lists ratings with review text, newest first, in the contract shape', async ({ client, assert }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    const movie = await MovieFactory.create()
    const other = await MovieFactory.create()
    await review(alice.id, movie.id, 4, 'Great score.', 1)
    await review(bob.id, movie.id, 2, null, 2)
    await review(carol.id, movie.id, 3.5, 'Too long, but fine.', 3)
    await review(alice.id, other.id, 5, 'Another movie', 4)

    const response = await client.get(`/api/v1/movies/${movie.id}/reviews`)
    response.assertStatus(200)
    const { data, meta } = response.body()
    assert.equal(meta.total, 2)
    assert.deepEqual(
      data.map((r: { body: string }) => r.body),
      ['Too long, but fine.', 'Great score.']
    )
    assert.properties(data[0], ['id', 'user', 'rating', 'body', 'contains_spoilers', 'likes', 'created_at', 'updated_at'])
    assert.properties(data[0].user, USER_SUMMARY_KEYS)
    assert.deepEqual(data[0].user, {
      id: carol.id,
      username: carol.username,
      display_name: carol.displayName,
      avatar_url: null,
    })
    assert.equal(data[0].rating, 3.5)
    assert.notProperty(data[0], 'liked')
    assert.isString(response.header('etag'))
  })

  test('sorts by likes and tells a signed-in caller what they liked', async ({ client, assert }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    const movie = await MovieFactory.create()
    const popular = await review(alice.id, movie.id, 4, 'Popular', 1)
    const quiet = await review(bob.id, movie.id, 3, 'Quiet', 2)
    await db.table('review_likes').multiInsert([
      { user_id: bob.id, rating_id: popular.id },
      { user_id: carol.id, rating_id: popular.id },
    ])

    const response = await client.get(`/api/v1/movies/${movie.id}/reviews`).qs({ sort: '-likes' }).loginAs(carol)
    const data = response.body().data
    assert.deepEqual(
      data.map((r: { id: number; likes: number; liked: boolean }) => [r.id, r.likes, r.liked]),
      [
        [popular.id, 2, true],
        [quiet.id, 0, false],
      ]
    )
  })

  test('an unknown movie is 404; a bad sort is 422', async ({ client, assert }) => {
    const movie = await MovieFactory.create()
    assertError(assert, await client.get('/api/v1/movies/424242/reviews'), 404, 'E_NOT_FOUND')
    assertValidation(assert, await client.get(`/api/v1/movies/${movie.id}/reviews`).qs({ sort: 'nope' }), 'sort')
    assertValidation(assert, await client.get(`/api/v1/movies/${movie.id}/reviews`).qs({ per_page: 101 }), 'per_page')
  })
})

test.group('Engagement / GET /me/reviews', () => {
  test("lists only the caller's reviews with their movie", async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const [first, second] = await MovieFactory.createMany(2)
    await review(alice.id, first.id, 4, 'Mine', 1)
    await review(alice.id, second.id, 5, null, 2)
    await review(bob.id, second.id, 1, 'Not mine', 3)

    const response = await client.get('/api/v1/me/reviews').loginAs(alice)
    response.assertStatus(200)
    const { data, meta } = response.body()
    assert.equal(meta.total, 1)
    assert.equal(data[0].body, 'Mine')
    assert.equal(data[0].movie.id, first.id)
    assert.properties(data[0].movie, ['title', 'genres', 'average_rating', 'user_rating'])
    assertError(assert, await client.get('/api/v1/me/reviews'), 401, 'E_UNAUTHORIZED')
  })
})

test.group('Engagement / review likes', () => {
  test('like and unlike are idempotent 204s', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const movie = await MovieFactory.create()
    const target = await review(alice.id, movie.id, 4, 'Like me')

    for (let i = 0; i < 2; i++) {
      const response = await client.post(`/api/v1/reviews/${target.id}/like`).loginAs(bob)
      response.assertStatus(204)
    }
    assert.equal(await countRows('review_likes', { rating_id: target.id }), 1)
    const listed = await client.get(`/api/v1/movies/${movie.id}/reviews`)
    assert.equal(listed.body().data[0].likes, 1)

    for (let i = 0; i < 2; i++) {
      ;(await client.delete(`/api/v1/reviews/${target.id}/like`).loginAs(bob)).assertStatus(204)
    }
    assert.equal(await countRows('review_likes'), 0)
  })

  test('ReviewPolicy: a review is 404, not 403, to either side of a block and on a hidden movie; nothing is liked', async ({
    client,
    assert,
  }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    const movie = await MovieFactory.create()
    const hiddenMovie = await MovieFactory.merge({ isHidden: true }).create()
    const blocked = await review(alice.id, movie.id, 4, 'Bob may not see this')
    const onHidden = await review(carol.id, hiddenMovie.id, 3, 'Nobody may see this')
    await db.table('blocks').insert({ blocker_id: alice.id, blocked_id: bob.id })

    for (const [target, caller] of [
      [blocked, bob],
      [onHidden, bob],
      [onHidden, alice],
    ] as const) {
      const response = await client.post(`/api/v1/reviews/${target.id}/like`).loginAs(caller)
      assertError(assert, response, 404, 'E_NOT_FOUND')
      assert.equal(response.body().error.message, 'Review not found')
    }
    // The blocker does not see the blocked user's reviews either; a third user sees both sides.
    const bobsReview = await review(bob.id, movie.id, 2, 'Alice may not see this')
    assertError(assert, await client.post(`/api/v1/reviews/${bobsReview.id}/like`).loginAs(alice), 404, 'E_NOT_FOUND')
    ;(await client.post(`/api/v1/reviews/${blocked.id}/like`).loginAs(carol)).assertStatus(204)
    assert.equal(await countRows('review_likes'), 1)
  })

  test('a rating without review text, or an unknown id, is 404; no token is 401', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const movie = await MovieFactory.create()
    const silent = await review(alice.id, movie.id, 4, null)
    assertError(assert, await client.post(`/api/v1/reviews/${silent.id}/like`).loginAs(bob), 404, 'E_NOT_FOUND')
    assertError(assert, await client.post('/api/v1/reviews/999999/like').loginAs(bob), 404, 'E_NOT_FOUND')
    assertError(assert, await client.delete('/api/v1/reviews/999999/like').loginAs(bob), 404, 'E_NOT_FOUND')
    assertError(assert, await client.post(`/api/v1/reviews/${silent.id}/like`), 401, 'E_UNAUTHORIZED')
    assert.equal(await countRows('review_likes'), 0)
  })

  test('deleting the rating removes its review and likes', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const movie = await MovieFactory.create()
    const target = await review(alice.id, movie.id, 4, 'Soon gone')
    await client.post(`/api/v1/reviews/${target.id}/like`).loginAs(bob)
    ;(await client.delete(`/api/v1/movies/${movie.id}/rating`).loginAs(alice)).assertStatus(204)
    assert.equal(await countRows('review_likes'), 0)
    assertError(assert, await client.post(`/api/v1/reviews/${target.id}/like`).loginAs(bob), 404, 'E_NOT_FOUND')
  })
})
