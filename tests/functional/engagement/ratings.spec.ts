import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import Rating from '#models/rating'
import { assertError, assertValidation, countRows } from './helpers.js'

test.group('Engagement / PUT /movies/:id/rating', () => {
  test('creates a rating with review (201) and the next reader sees the new average', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const movie = await MovieFactory.create()
    await Rating.create({ userId: bob.id, movieId: movie.id, rating: 3, containsSpoilers: false })
    // Prime the catalogue cache with the old figures.
    const before = await client.get(`/api/v1/movies/${movie.id}`)
    assert.equal(before.body().average_rating, 3)

    const response = await client
      .put(`/api/v1/movies/${movie.id}/rating`)
      .json({ rating: 4, review: '  A stunning film.  ', contains_spoilers: true })
      .loginAs(alice)

    response.assertStatus(201)
    assert.containSubset(response.body(), {
      movie_id: movie.id,
      rating: 4,
      review: 'A stunning film.',
      contains_spoilers: true,
      movie: { id: movie.id, average_rating: 3.5, rating_count: 2 },
    })
    assert.isNumber(response.body().id)
    const row = await Rating.query().where({ userId: alice.id, movieId: movie.id }).firstOrFail()
    assert.equal(row.rating, 4)
    assert.equal(row.review, 'A stunning film.')

    const after = await client.get(`/api/v1/movies/${movie.id}`)
    assert.equal(after.body().average_rating, 3.5)
    assert.equal(after.body().rating_count, 2)
    const list = await client.get('/api/v1/movies').qs({ sort: '-average_rating' })
    assert.equal(list.body().data.find((m: { id: number }) => m.id === movie.id).average_rating, 3.5)
  })

  test('a second PUT updates (200), keeps one row and the review unless told', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const movie = await MovieFactory.create()
    await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 2.5, review: 'Meh.' }).loginAs(user)

    const response = await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 4.5 }).loginAs(user)
    response.assertStatus(200)
    assert.containSubset(response.body(), { rating: 4.5, review: 'Meh.', contains_spoilers: false })
    assert.equal(await countRows('ratings', { user_id: user.id }), 1)
    await movie.refresh()
    assert.equal(movie.ratingCount, 1)
    assert.equal(movie.averageRating, 4.5)
  })

  test('review: null removes the review text and keeps the rating', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const movie = await MovieFactory.create()
    await Rating.create({ userId: user.id, movieId: movie.id, rating: 3.5, review: 'Long text', containsSpoilers: true })

    const response = await client
      .put(`/api/v1/movies/${movie.id}/rating`)
      .json({ rating: 3.5, review: null, contains_spoilers: false })
      .loginAs(user)
    response.assertStatus(200)
    assert.containSubset(response.body(), { rating: 3.5, review: null, contains_spoilers: false })
    const row = await Rating.query().where({ userId: user.id, movieId: movie.id }).firstOrFail()
    assert.isNull(row.review)
    assert.equal(row.rating, 3.5)
    const reviews = await client.get(`/api/v1/movies/${movie.id}/reviews`)
    assert.lengthOf(reviews.body().data, 0)
  })

  test('bad ratings are 422 with nothing written', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const movie = await MovieFactory.create()
    for (const rating of [0, 5.5, 3.7, 'abc', -1, null, '']) {
      const response = await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating }).loginAs(user)
      assertValidation(assert, response, 'rating')
    }
    const missing = await client.put(`/api/v1/movies/${movie.id}/rating`).json({ review: 'no rating' }).loginAs(user)
    assertValidation(assert, missing, 'rating')
    const longReview = await client
      .put(`/api/v1/movies/${movie.id}/rating`)
      .json({ rating: 4, review: 'x'.repeat(10_001), contains_spoilers: 'maybe' })
      .loginAs(user)
    assertValidation(assert, longReview, 'review')
    assertValidation(assert, longReview, 'contains_spoilers')

    assert.equal(await countRows('ratings'), 0)
    await movie.refresh()
    assert.equal(movie.ratingCount, 0)
    assert.isNull(movie.averageRating)
  })

  test('every half step from 0.5 to 5 is accepted, also as a numeric string', async ({ client, assert }) => {
    const movie = await MovieFactory.create()
    const values = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]
    const users = await UserFactory.createMany(values.length)
    for (const [index, value] of values.entries()) {
      const response = await client
        .put(`/api/v1/movies/${movie.id}/rating`)
        .json({ rating: index === 0 ? '0.5' : value })
        .loginAs(users[index])
      response.assertStatus(201)
      assert.equal(response.body().rating, value)
    }
    await movie.refresh()
    assert.equal(movie.ratingCount, 10)
    assert.closeTo(movie.averageRating!, 2.75, 1e-9)
  })

  test('an unknown or hidden movie is 404, and nothing is written', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const hidden = await MovieFactory.merge({ isHidden: true }).create()
    for (const path of ['/api/v1/movies/999999/rating', `/api/v1/movies/${hidden.id}/rating`]) {
      assertError(assert, await client.put(path).json({ rating: 4 }).loginAs(user), 404, 'E_NOT_FOUND')
      assertError(assert, await client.delete(path).loginAs(user), 404, 'E_NOT_FOUND')
    }
    assertError(assert, await client.put('/api/v1/movies/abc/rating').json({ rating: 4 }).loginAs(user), 404, 'E_NOT_FOUND')
    assert.equal(await countRows('ratings'), 0)
  })

  test('without a token it is 401', async ({ client, assert }) => {
    const movie = await MovieFactory.create()
    assertError(assert, await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 4 }), 401, 'E_UNAUTHORIZED')
    assertError(assert, await client.delete(`/api/v1/movies/${movie.id}/rating`), 401, 'E_UNAUTHORIZED')
    assert.equal(await countRows('ratings'), 0)
  })

  test('concurrent PUTs by the same user end with one row (the database decides)', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const movie = await MovieFactory.create()
    const values = [1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 0.5, 1, 2, 3, 4, 5, 3.5]
    const responses = await Promise.all(
      values.map((rating) => client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating }).loginAs(user))
    )
    const statuses = responses.map((response) => response.status())
    assert.equal(statuses.filter((status) => status === 201).length, 1)
    assert.equal(statuses.filter((status) => status === 200).length, values.length - 1)
    assert.equal(await countRows('ratings', { user_id: user.id, movie_id: movie.id }), 1)
    const row = await Rating.query().where({ userId: user.id, movieId: movie.id }).firstOrFail()
    await movie.refresh()
    assert.equal(movie.ratingCount, 1)
    assert.equal(movie.averageRating, row.rating)
  })
})

test.group('Engagement / DELETE /movies/:id/rating', () => {
  test('removes the rating (204), updates the aggregates at once, then 404', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const movie = await MovieFactory.create()
    await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 5 }).loginAs(alice)
    await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 3 }).loginAs(bob)
    assert.equal((await client.get(`/api/v1/movies/${movie.id}`)).body().average_rating, 4)

    const response = await client.delete(`/api/v1/movies/${movie.id}/rating`).loginAs(alice)
    response.assertStatus(204)
    assert.equal(await countRows('ratings', { user_id: alice.id }), 0)
    const detail = await client.get(`/api/v1/movies/${movie.id}`)
    assert.equal(detail.body().average_rating, 3)
    assert.equal(detail.body().rating_count, 1)

    assertError(assert, await client.delete(`/api/v1/movies/${movie.id}/rating`).loginAs(alice), 404, 'E_NOT_FOUND')
  })

  test("user B can neither change nor delete user A's rating or review", async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const movie = await MovieFactory.create()
    await client
      .put(`/api/v1/movies/${movie.id}/rating`)
      .json({ rating: 4.5, review: "Alice's review", contains_spoilers: true })
      .loginAs(alice)
    const original = await Rating.query().where({ userId: alice.id }).firstOrFail()

    assertError(assert, await client.delete(`/api/v1/movies/${movie.id}/rating`).loginAs(bob), 404, 'E_NOT_FOUND')
    const bobPut = await client
      .put(`/api/v1/movies/${movie.id}/rating`)
      .json({ rating: 1, review: null, contains_spoilers: false })
      .loginAs(bob)
    bobPut.assertStatus(201)
    await client.delete(`/api/v1/movies/${movie.id}/rating`).loginAs(bob)

    const after = await Rating.query().where({ userId: alice.id }).firstOrFail()
    assert.deepEqual(
      { rating: after.rating, review: after.review, spoilers: after.containsSpoilers, updated: after.updatedAt.toMillis() },
      { rating: 4.5, review: "Alice's review", spoilers: true, updated: original.updatedAt.toMillis() }
    )
    assert.equal(await countRows('ratings'), 1)
  })
})

test.group('Engagement / GET /me/ratings', () => {
  test('lists the caller\'s rated movies newest first, or by rating', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const [first, second, third] = await MovieFactory.createMany(3)
    const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 12, minutes))
    await db.table('ratings').multiInsert([
      { user_id: alice.id, movie_id: first.id, rating: 4, created_at: at(1), updated_at: at(1) },
      { user_id: alice.id, movie_id: second.id, rating: 5, created_at: at(2), updated_at: at(2) },
      { user_id: alice.id, movie_id: third.id, rating: 2.5, created_at: at(3), updated_at: at(3) },
      { user_id: bob.id, movie_id: first.id, rating: 1, created_at: at(4), updated_at: at(4) },
    ])

    const response = await client.get('/api/v1/me/ratings').loginAs(alice)
    response.assertStatus(200)
    const body = response.body()
    assert.deepEqual(
      body.data.map((m: { id: number }) => m.id),
      [third.id, second.id, first.id]
    )
    assert.properties(body.data[0], ['id', 'title', 'genres', 'average_rating', 'rating_count', 'user_rating', 'rated_at', 'in_watchlist', 'is_favorite'])
    assert.equal(body.data[0].user_rating, 2.5)
    assert.equal(body.data[0].rated_at, at(3).toISOString())
    assert.equal(body.meta.total, 3)

    const byRating = await client.get('/api/v1/me/ratings').qs({ sort: '-user_rating', per_page: 2 }).loginAs(alice)
    assert.deepEqual(
      byRating.body().data.map((m: { user_rating: number }) => m.user_rating),
      [5, 4]
    )
    assert.equal(byRating.body().meta.last_page, 2)
    assert.include(byRating.body().meta.next_page_url, 'sort=-user_rating')
  })

  test('follows the caller\'s writes at once and never shows another user\'s list', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const [first, second] = await MovieFactory.createMany(2)
    const list = async (user: typeof alice) => {
      const response = await client.get('/api/v1/me/ratings').loginAs(user)
      response.assertStatus(200)
      return response.body()
    }
    assert.deepEqual((await list(alice)).data, [])

    ;(await client.put(`/api/v1/movies/${first.id}/rating`).json({ rating: 3 }).loginAs(alice)).assertStatus(201)
    ;(await client.put(`/api/v1/movies/${second.id}/rating`).json({ rating: 4.5 }).loginAs(bob)).assertStatus(201)
    let body = await list(alice)
    assert.deepEqual(
      body.data.map((m: { id: number; user_rating: number; rating_count: number }) => [m.id, m.user_rating, m.rating_count]),
      [[first.id, 3, 1]]
    )
    assert.deepEqual(
      (await list(bob)).data.map((m: { id: number; user_rating: number }) => [m.id, m.user_rating]),
      [[second.id, 4.5]]
    )

    // A change of rating, a second rating and a deletion show in the next read, aggregates included.
    ;(await client.put(`/api/v1/movies/${first.id}/rating`).json({ rating: 5 }).loginAs(alice)).assertStatus(200)
    ;(await client.put(`/api/v1/movies/${second.id}/rating`).json({ rating: 2 }).loginAs(alice)).assertStatus(201)
    body = await list(alice)
    assert.deepEqual(
      body.data.map((m: { id: number; user_rating: number; rating_count: number; average_rating: number }) => [
        m.id,
        m.user_rating,
        m.rating_count,
        m.average_rating,
      ]),
      [
        [second.id, 2, 2, 3.25],
        [first.id, 5, 1, 5],
      ]
    )
    assert.equal(body.meta.total, 2)
    ;(await client.delete(`/api/v1/movies/${second.id}/rating`).loginAs(alice)).assertStatus(204)
    body = await list(alice)
    assert.deepEqual(body.data.map((m: { id: number }) => m.id), [first.id])
    assert.equal(body.meta.total, 1)
    assert.equal(await countRows('ratings', { user_id: alice.id }), 1)
  })

  test('bad sort or page is 422; no token is 401', async ({ client, assert }) => {
    const user = await UserFactory.create()
    assertValidation(assert, await client.get('/api/v1/me/ratings').qs({ sort: 'title' }).loginAs(user), 'sort')
    assertValidation(assert, await client.get('/api/v1/me/ratings').qs({ page: 0 }).loginAs(user), 'page')
    assertError(assert, await client.get('/api/v1/me/ratings'), 401, 'E_UNAUTHORIZED')
    const empty = await client.get('/api/v1/me/ratings').qs({ page: 5 }).loginAs(user)
    empty.assertStatus(200)
    assert.deepEqual(empty.body().data, [])
  })
})
