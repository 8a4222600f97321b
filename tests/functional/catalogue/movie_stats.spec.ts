/*
| GET /movies/:id/stats: the histogram is kept by the ratings trigger and
| must add up to what the ratings table holds after any mix of rates,
| re-rates and deletes; every count is checked against its own query of the
| tables; the response is cached (a write behind the API's back is not seen)
| and every write through the API that changes a figure drops it.
*/

import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import type User from '#models/user'
import { assertError } from '#tests/functional/engagement/helpers'
import { createStaff } from '#tests/support/admin'
import { PASSWORD } from '#tests/support/auth'

const KEYS = ['0.5', '1.0', '1.5', '2.0', '2.5', '3.0', '3.5', '4.0', '4.5', '5.0']
const STATS_KEYS = [
  'rating_count',
  'average_rating',
  'histogram',
  'watched_count',
  'watchlist_count',
  'favorite_count',
  'list_count',
  'review_count',
]

/** The histogram as the ratings table says it, every key present. */
async function histogramOfTable(movieId: number) {
  const rows: { rating: string; n: string }[] = await db
    .from('ratings')
    .where('movie_id', movieId)
    .groupBy('rating')
    .select('rating', db.raw('count(*) AS n'))
  const histogram: Record<string, number> = Object.fromEntries(KEYS.map((key) => [key, 0]))
  for (const row of rows) histogram[Number(row.rating).toFixed(1)] = Number(row.n)
  return histogram
}

/** Users who rated, logged or marked the movie watched, counted once each. */
async function watchedByTable(movieId: number) {
  const result = await db.rawQuery(
    `SELECT count(*)::int AS n FROM (
       SELECT user_id FROM ratings WHERE movie_id = ?
       UNION SELECT user_id FROM diary_entries WHERE movie_id = ?
       UNION SELECT user_id FROM watchlist_items WHERE movie_id = ? AND watched) seen`,
    [movieId, movieId, movieId]
  )
  return result.rows[0].n as number
}

async function stats(client: ApiClient, movieId: number, user?: User) {
  const request = client.get(`/api/v1/movies/${movieId}/stats`)
  const response = user ? await request.loginAs(user) : await request
  response.assertStatus(200)
  return response.body()
}

test.group('Catalogue / GET /movies/:id/stats', () => {
  test('the histogram is exact after several users rate, re-rate and delete ratings', async ({ client, assert }) => {
    const movie = await MovieFactory.create()
    const users = await UserFactory.createMany(6)
    const scores = [5, 4.5, 4.5, 3, 0.5, 2]
    for (const [index, user] of users.entries()) {
      const response = await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: scores[index] }).loginAs(user)
      response.assertStatus(201)
    }
    const first = await stats(client, movie.id)
    assert.deepEqual(first.histogram, await histogramOfTable(movie.id))
    assert.deepEqual(Object.keys(first.histogram), KEYS)

    // Re-rates move a vote between buckets; deletes take it out; a re-rate to the same score changes nothing.
    ;(await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 1 }).loginAs(users[0])).assertStatus(200)
    ;(await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 4.5 }).loginAs(users[1])).assertStatus(200)
    ;(await client.delete(`/api/v1/movies/${movie.id}/rating`).loginAs(users[2])).assertStatus(204)
    ;(await client.delete(`/api/v1/movies/${movie.id}/rating`).loginAs(users[4])).assertStatus(204)
    ;(await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 5 }).loginAs(users[4])).assertStatus(201)

    const body = await stats(client, movie.id)
    const expected = await histogramOfTable(movie.id)
    assert.deepEqual(body.histogram, expected)
    const [row] = await db.from('ratings').where('movie_id', movie.id).select(db.raw('count(*)::int AS n, avg(rating)::float8 AS mean'))
    assert.equal(body.rating_count, row.n)
    assert.closeTo(body.average_rating, row.mean, 0.005)
    assert.equal(
      Object.values(body.histogram as Record<string, number>).reduce((sum, n) => sum + n, 0),
      body.rating_count
    )
    // The stored column is what the endpoint reads, bucket for bucket.
    const stored = await db.from('movies').where('id', movie.id).select('rating_histogram').firstOrFail()
    assert.deepEqual(stored.rating_histogram, Object.values(expected))

    // A movie nobody rated: every bucket present, all zero.
    const unrated = await MovieFactory.create()
    const empty = await stats(client, unrated.id)
    assert.deepEqual(empty.histogram, Object.fromEntries(KEYS.map((key) => [key, 0])))
    assert.isNull(empty.average_rating)
  })

  test('every count matches the tables; private lists and hidden reviews do not count', async ({ client, assert }) => {
    const movie = await MovieFactory.create()
    const [rater, logger, watcher, saver, both] = await UserFactory.createMany(5)
    await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 4, review: 'Lovely.' }).loginAs(rater)
    await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 3, review: 'Fine.' }).loginAs(both)
    await client.post('/api/v1/me/diary').json({ movie_id: movie.id, watched_on: '2026-01-02' }).loginAs(logger)
    // Logged and rated: counted once.
    await client.post('/api/v1/me/diary').json({ movie_id: movie.id, watched_on: '2026-01-03' }).loginAs(both)
    await client.put(`/api/v1/me/watchlist/${movie.id}`).loginAs(watcher)
    await client.patch(`/api/v1/me/watchlist/${movie.id}`).json({ watched: true }).loginAs(watcher)
    await client.put(`/api/v1/me/watchlist/${movie.id}`).loginAs(saver)
    await client.put(`/api/v1/me/favorites/${movie.id}`).loginAs(saver)
    await client.put(`/api/v1/me/favorites/${movie.id}`).loginAs(rater)
    for (const [owner, privacy] of [
      [rater, 'public'],
      [saver, 'public'],
      [logger, 'private'],
      [watcher, 'friends'],
    ] as const) {
      const list = await client.post('/api/v1/lists').json({ title: `${privacy} picks`, privacy }).loginAs(owner)
      ;(await client.put(`/api/v1/lists/${list.body().id}/items/${movie.id}`).json({}).loginAs(owner)).assertStatus(201)
    }
    // A moderator hid one review: it leaves the count (and every public listing).
    await db.from('ratings').where({ movie_id: movie.id, user_id: both.id }).update({ hidden_at: new Date() })

    const body = await stats(client, movie.id, saver)
    assert.deepEqual(Object.keys(body), STATS_KEYS)
    assert.equal(body.watched_count, await watchedByTable(movie.id))
    assert.equal(body.watched_count, 4)
    assert.equal(body.watchlist_count, Number((await db.from('watchlist_items').where('movie_id', movie.id).count('* as n'))[0].n))
    assert.equal(body.favorite_count, Number((await db.from('favorites').where('movie_id', movie.id).count('* as n'))[0].n))
    const publicLists = await db
      .from('list_items')
      .join('lists', 'lists.id', 'list_items.list_id')
      .where({ 'list_items.movie_id': movie.id, 'lists.privacy': 'public' })
      .count('* as n')
    assert.equal(body.list_count, Number(publicLists[0].n))
    assert.equal(body.list_count, 2)
    const visibleReviews = await db
      .from('ratings')
      .where('movie_id', movie.id)
      .whereNotNull('review')
      .whereNull('hidden_at')
      .count('* as n')
    assert.equal(body.review_count, Number(visibleReviews[0].n))
    assert.equal(body.review_count, 1)
    // No per-user field: the same body for anyone.
    assert.deepEqual(await stats(client, movie.id), body)
  })

  test('cached: a change behind the API is not seen, every API write that changes a figure is', async ({ client, assert }) => {
    const movie = await MovieFactory.create()
    const [alice, bob] = await UserFactory.createMany(2)
    const before = await stats(client, movie.id)
    assert.equal(before.watchlist_count, 0)

    // Written behind the API's back: the cached body stays.
    await db.table('favorites').insert({ user_id: bob.id, movie_id: movie.id })
    assert.equal((await stats(client, movie.id)).favorite_count, 0)

    // Each write through the API drops the entry: the next read sees it (and what was written behind).
    ;(await client.put(`/api/v1/me/watchlist/${movie.id}`).loginAs(alice)).assertStatus(201)
    let body = await stats(client, movie.id)
    assert.equal(body.watchlist_count, 1)
    assert.equal(body.favorite_count, 1)

    ;(await client.patch(`/api/v1/me/watchlist/${movie.id}`).json({ watched: true }).loginAs(alice)).assertStatus(200)
    assert.equal((await stats(client, movie.id)).watched_count, 1)

    ;(await client.put(`/api/v1/me/favorites/${movie.id}`).loginAs(alice)).assertStatus(201)
    assert.equal((await stats(client, movie.id)).favorite_count, 2)
    ;(await client.delete(`/api/v1/me/favorites/${movie.id}`).loginAs(alice)).assertStatus(204)
    assert.equal((await stats(client, movie.id)).favorite_count, 1)

    const entry = await client.post('/api/v1/me/diary').json({ movie_id: movie.id, watched_on: '2026-01-02' }).loginAs(bob)
    entry.assertStatus(201)
    assert.equal((await stats(client, movie.id)).watched_count, 2)
    ;(await client.delete(`/api/v1/me/diary/${entry.body().id}`).loginAs(bob)).assertStatus(204)
    assert.equal((await stats(client, movie.id)).watched_count, 1)

    ;(await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 4.5, review: 'Yes.' }).loginAs(bob)).assertStatus(201)
    body = await stats(client, movie.id)
    assert.equal(body.rating_count, 1)
    assert.equal(body.histogram['4.5'], 1)
    assert.equal(body.review_count, 1)
    assert.equal(body.watched_count, 2)
    ;(await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 2, review: null }).loginAs(bob)).assertStatus(200)
    body = await stats(client, movie.id)
    assert.deepEqual([body.histogram['4.5'], body.histogram['2.0'], body.review_count], [0, 1, 0])

    const list = await client.post('/api/v1/lists').json({ title: 'Mine', privacy: 'private' }).loginAs(alice)
    await client.put(`/api/v1/lists/${list.body().id}/items/${movie.id}`).json({}).loginAs(alice)
    assert.equal((await stats(client, movie.id)).list_count, 0)
    ;(await client.patch(`/api/v1/lists/${list.body().id}`).json({ privacy: 'public' }).loginAs(alice)).assertStatus(200)
    assert.equal((await stats(client, movie.id)).list_count, 1)
    ;(await client.delete(`/api/v1/lists/${list.body().id}/items/${movie.id}`).loginAs(alice)).assertStatus(204)
    assert.equal((await stats(client, movie.id)).list_count, 0)
    await client.put(`/api/v1/lists/${list.body().id}/items/${movie.id}`).json({}).loginAs(alice)
    assert.equal((await stats(client, movie.id)).list_count, 1)
    ;(await client.delete(`/api/v1/lists/${list.body().id}`).loginAs(alice)).assertStatus(204)
    assert.equal((await stats(client, movie.id)).list_count, 0)

    ;(await client.delete(`/api/v1/me/watchlist/${movie.id}`).loginAs(alice)).assertStatus(204)
    body = await stats(client, movie.id)
    assert.equal(body.watchlist_count, 0)
    assert.equal(body.watched_count, await watchedByTable(movie.id))
  })

  test('a deleted account leaves the stats and tag counts at once', async ({ client, assert }) => {
    // `tagged` only has tags of the leaver: nothing else of theirs points at it.
    const [movie, tagged] = await MovieFactory.createMany(2)
    const [leaver, stayer] = await UserFactory.createMany(2)
    for (const user of [leaver, stayer]) {
      await client.put(`/api/v1/me/watchlist/${movie.id}`).loginAs(user)
      await client.put(`/api/v1/me/movies/${tagged.id}/tags`).json({ tags: ['heist'] }).loginAs(user)
    }
    await client.put(`/api/v1/me/favorites/${movie.id}`).loginAs(leaver)
    const before = await stats(client, movie.id)
    assert.deepEqual([before.watchlist_count, before.favorite_count], [2, 1])
    assert.equal((await client.get(`/api/v1/movies/${tagged.id}/tags`)).body().data[0].count, 2)

    ;(await client.delete('/api/v1/auth/account').json({ password: PASSWORD }).loginAs(leaver)).assertStatus(204)
    const after = await stats(client, movie.id)
    assert.deepEqual([after.watchlist_count, after.favorite_count], [1, 0])
    assert.equal((await client.get(`/api/v1/movies/${tagged.id}/tags`)).body().data[0].count, 1)
  })

  test('a hidden, adult or unknown movie is a 404', async ({ client, assert }) => {
    const hidden = await MovieFactory.merge({ isHidden: true }).create()
    const adult = await MovieFactory.merge({ adult: true }).create()
    const user = await UserFactory.create()
    assertError(assert, await client.get(`/api/v1/movies/${hidden.id}/stats`), 404, 'E_NOT_FOUND')
    assertError(assert, await client.get(`/api/v1/movies/${hidden.id}/stats`).loginAs(user), 404, 'E_NOT_FOUND')
    assertError(assert, await client.get(`/api/v1/movies/${adult.id}/stats`), 404, 'E_NOT_FOUND')
    assertError(assert, await client.get('/api/v1/movies/987654/stats'), 404, 'E_NOT_FOUND')
  })

  test('a movie hidden by a moderator after its stats were cached is a 404 at once, and back when unhidden', async ({ client, assert }) => {
    const moderator = await createStaff()
    const movie = await MovieFactory.create()
    await stats(client, movie.id)
    const admin = (action: 'hide' | 'unhide') =>
      client.post(`/admin/movies/${movie.id}/${action}`).withGuard('web').loginAs(moderator).withCsrfToken().redirects(0)
    ;(await admin('hide')).assertStatus(302)
    assertError(assert, await client.get(`/api/v1/movies/${movie.id}/stats`), 404, 'E_NOT_FOUND')
    assertError(assert, await client.get(`/api/v1/movies/${movie.id}/tags`), 404, 'E_NOT_FOUND')
    ;(await admin('unhide')).assertStatus(302)
    assert.equal((await stats(client, movie.id)).rating_count, 0)
  })

  test('sends an ETag and answers If-None-Match with 304', async ({ client, assert }) => {
    const movie = await MovieFactory.create()
    const first = await client.get(`/api/v1/movies/${movie.id}/stats`)
    const etag = first.header('etag')
    assert.isString(etag)
    const again = await client.get(`/api/v1/movies/${movie.id}/stats`).header('If-None-Match', etag!)
    again.assertStatus(304)
  })
})
