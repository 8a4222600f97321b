import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import DiaryEntry from '#models/diary_entry'
import WatchlistItem from '#models/watchlist_item'
import { assertError, assertValidation, countRows } from './helpers.js'

test.group('Engagement / diary', () => {
  test('POST logs a viewing (201); a second viewing is a rewatch entry of its own', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const movie = await MovieFactory.create()

    const first = await client
      .post('/api/v1/me/diary')
      .json({ movie_id: movie.id, watched_on: '2025-03-01', rating: 4.5, review: 'Loved it', contains_spoilers: false })
      .loginAs(user)
    first.assertStatus(201)
    assert.containSubset(first.body(), {
      movie: { id: movie.id },
      watched_on: '2025-03-01',
      rewatch: false,
      rating: 4.5,
      review: 'Loved it',
      contains_spoilers: false,
    })
    assert.properties(first.body(), ['id', 'created_at', 'updated_at'])

    const second = await client.post('/api/v1/me/diary').json({ movie_id: movie.id, watched_on: '2025-06-10' }).loginAs(user)
    second.assertStatus(201)
    assert.containSubset(second.body(), { rewatch: true, rating: null, review: null })
    assert.equal(await countRows('diary_entries', { user_id: user.id, movie_id: movie.id }), 2)
    // The movie's own rating is separate from diary ratings.
    assert.equal(await countRows('ratings'), 0)
  })

  test('logging a movie marks it watched on the watchlist', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const movie = await MovieFactory.create()
    await client.put(`/api/v1/me/watchlist/${movie.id}`).loginAs(user)
    await client.post('/api/v1/me/diary').json({ movie_id: movie.id, watched_on: '2025-03-01', rewatch: false }).loginAs(user)
    const item = await WatchlistItem.query().where({ userId: user.id, movieId: movie.id }).firstOrFail()
    assert.isTrue(item.watched)
    assert.equal(item.watchedAt!.toUTC().toISODate(), '2025-03-01')
  })

  test('bad input is 422 with nothing written', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const movie = await MovieFactory.create()
    const tomorrowPlus = DateTime.utc().plus({ days: 3 }).toISODate()
    const cases: [Record<string, unknown>, string][] = [
      [{ movie_id: movie.id, watched_on: '2025-03-01', rating: 3.7 }, 'rating'],
      [{ movie_id: movie.id, watched_on: '2025-03-01', rating: 0 }, 'rating'],
      [{ movie_id: movie.id, watched_on: '2025-03-01', rating: 'abc' }, 'rating'],
      [{ movie_id: movie.id, watched_on: '01/03/2025' }, 'watched_on'],
      [{ movie_id: movie.id, watched_on: tomorrowPlus }, 'watched_on'],
      [{ movie_id: movie.id }, 'watched_on'],
      [{ watched_on: '2025-03-01' }, 'movie_id'],
      [{ movie_id: 999999, watched_on: '2025-03-01' }, 'movie_id'],
      [{ movie_id: movie.id, watched_on: '2025-03-01', review: 'r'.repeat(10_001) }, 'review'],
    ]
    for (const [payload, field] of cases) {
      assertValidation(assert, await client.post('/api/v1/me/diary').json(payload).loginAs(user), field)
    }
    assertError(assert, await client.post('/api/v1/me/diary').json({ movie_id: movie.id, watched_on: '2025-03-01' }), 401, 'E_UNAUTHORIZED')
    assert.equal(await countRows('diary_entries'), 0)
  })

  test('GET lists the caller\'s entries newest first, filtered by movie or year', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const [first, second] = await MovieFactory.createMany(2)
    const entry = (userId: number, movieId: number, day: string) =>
      DiaryEntry.create({ userId, movieId, watchedOn: DateTime.fromISO(day), rewatch: false, containsSpoilers: false })
    await entry(alice.id, first.id, '2024-12-31')
    await entry(alice.id, second.id, '2025-02-01')
    await entry(alice.id, first.id, '2025-05-05')
    await entry(bob.id, first.id, '2025-06-06')

    const all = await client.get('/api/v1/me/diary').loginAs(alice)
    all.assertStatus(200)
    assert.deepEqual(all.body().data.map((e: { watched_on: string }) => e.watched_on), ['2025-05-05', '2025-02-01', '2024-12-31'])
    assert.equal(all.body().meta.total, 3)
    const byMovie = await client.get('/api/v1/me/diary').qs({ movie_id: first.id }).loginAs(alice)
    assert.deepEqual(byMovie.body().data.map((e: { watched_on: string }) => e.watched_on), ['2025-05-05', '2024-12-31'])
    const byYear = await client.get('/api/v1/me/diary').qs({ year: 2025 }).loginAs(alice)
    assert.equal(byYear.body().meta.total, 2)
    assertValidation(assert, await client.get('/api/v1/me/diary').qs({ year: 'last' }).loginAs(alice), 'year')
  })

  test('PATCH edits the owner\'s entry; rating: null clears it', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const movie = await MovieFactory.create()
    const created = await client
      .post('/api/v1/me/diary')
      .json({ movie_id: movie.id, watched_on: '2025-03-01', rating: 2, review: 'Hmm' })
      .loginAs(user)
    const id = created.body().id

    const response = await client
      .patch(`/api/v1/me/diary/${id}`)
      .json({ watched_on: '2025-03-02', rating: null, review: 'Better the second time', rewatch: true })
      .loginAs(user)
    response.assertStatus(200)
    assert.containSubset(response.body(), { id, watched_on: '2025-03-02', rating: null, review: 'Better the second time', rewatch: true })
    const row = await DiaryEntry.findOrFail(id)
    assert.isNull(row.rating)
    assert.equal(row.watchedOn.toISODate(), '2025-03-02')
    assertValidation(assert, await client.patch(`/api/v1/me/diary/${id}`).json({ rating: 5.5 }).loginAs(user), 'rating')
    assertError(assert, await client.patch('/api/v1/me/diary/999999').json({ rewatch: false }).loginAs(user), 404, 'E_NOT_FOUND')
  })

  test("user B can neither change nor delete user A's diary entry (404, unchanged)", async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const movie = await MovieFactory.create()
    const created = await client
      .post('/api/v1/me/diary')
      .json({ movie_id: movie.id, watched_on: '2025-03-01', rating: 4, review: "Alice's" })
      .loginAs(alice)
    const id = created.body().id

    assertError(assert, await client.patch(`/api/v1/me/diary/${id}`).json({ rating: 1, review: 'Bob was here' }).loginAs(bob), 404, 'E_NOT_FOUND')
    assertError(assert, await client.delete(`/api/v1/me/diary/${id}`).loginAs(bob), 404, 'E_NOT_FOUND')
    const listed = await client.get('/api/v1/me/diary').loginAs(bob)
    assert.equal(listed.body().meta.total, 0)

    const row = await DiaryEntry.findOrFail(id)
    assert.deepEqual([row.userId, row.rating, row.review], [alice.id, 4, "Alice's"])

    ;(await client.delete(`/api/v1/me/diary/${id}`).loginAs(alice)).assertStatus(204)
    assert.isNull(await DiaryEntry.find(id))
    assertError(assert, await client.delete(`/api/v1/me/diary/${id}`).loginAs(alice), 404, 'E_NOT_FOUND')
  })
})
