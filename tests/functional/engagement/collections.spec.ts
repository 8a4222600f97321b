import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import WatchlistItem from '#models/watchlist_item'
import { invalidateHiddenMovies } from '#services/catalogue/hidden_movies'
import { assertError, assertValidation, countRows } from './helpers.js'

test.group('Engagement / watchlist', () => {
  test('PUT adds (201), again is 200 with one row; GET lists it; the detail shows in_watchlist', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const movie = await MovieFactory.create()

    const created = await client.put(`/api/v1/me/watchlist/${movie.id}`).loginAs(user)
    created.assertStatus(201)
    assert.containSubset(created.body(), { movie: { id: movie.id, in_watchlist: true }, watched: false, watched_at: null })
    assert.isString(created.body().added_at)
    ;(await client.put(`/api/v1/me/watchlist/${movie.id}`).loginAs(user)).assertStatus(200)
    assert.equal(await countRows('watchlist_items', { user_id: user.id }), 1)

    const list = await client.get('/api/v1/me/watchlist').loginAs(user)
    list.assertStatus(200)
    assert.equal(list.body().meta.total, 1)
    assert.properties(list.body().data[0], ['movie', 'added_at', 'watched', 'watched_at'])
    assert.properties(list.body().data[0].movie, ['title', 'genres', 'average_rating', 'user_rating', 'is_favorite'])

    const detail = await client.get(`/api/v1/movies/${movie.id}`).loginAs(user)
    assert.isTrue(detail.body().in_watchlist)
  })

  test('PATCH {watched} marks and unmarks; ?watched= filters', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const [seen, unseen] = await MovieFactory.createMany(2)
    await client.put(`/api/v1/me/watchlist/${seen.id}`).loginAs(user)
    await client.put(`/api/v1/me/watchlist/${unseen.id}`).loginAs(user)

    const marked = await client.patch(`/api/v1/me/watchlist/${seen.id}`).json({ watched: true }).loginAs(user)
    marked.assertStatus(200)
    assert.isTrue(marked.body().watched)
    assert.isString(marked.body().watched_at)
    const row = await WatchlistItem.query().where({ userId: user.id, movieId: seen.id }).firstOrFail()
    assert.isTrue(row.watched)

    const watched = await client.get('/api/v1/me/watchlist').qs({ watched: true }).loginAs(user)
    assert.deepEqual(watched.body().data.map((i: { movie: { id: number } }) => i.movie.id), [seen.id])
    const pending = await client.get('/api/v1/me/watchlist').qs({ watched: 'false' }).loginAs(user)
    assert.deepEqual(pending.body().data.map((i: { movie: { id: number } }) => i.movie.id), [unseen.id])

    const unmarked = await client.patch(`/api/v1/me/watchlist/${seen.id}`).json({ watched: false }).loginAs(user)
    assert.containSubset(unmarked.body(), { watched: false, watched_at: null })

    assertValidation(assert, await client.patch(`/api/v1/me/watchlist/${seen.id}`).json({ watched: 'sometimes' }).loginAs(user), 'watched')
    assertValidation(assert, await client.get('/api/v1/me/watchlist').qs({ watched: 'perhaps' }).loginAs(user), 'watched')
  })

  test('the list follows every write at once, per user, in both orders, and a hidden movie leaves it', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const [first, second, third] = await MovieFactory.createMany(3)
    const listed = async (user: typeof alice, qs: Record<string, string> = {}) => {
      const response = await client.get('/api/v1/me/watchlist').qs(qs).loginAs(user)
      response.assertStatus(200)
      const body = response.body()
      return {
        items: body.data.map((item: { movie: { id: number; in_watchlist: boolean }; watched: boolean; watched_at: string | null }) => [
          item.movie.id,
          item.watched,
          item.watched_at !== null,
        ]),
        total: body.meta.total,
      }
    }
    for (const movie of [first, second, third]) {
      ;(await client.put(`/api/v1/me/watchlist/${movie.id}`).loginAs(alice)).assertStatus(201)
    }
    ;(await client.put(`/api/v1/me/watchlist/${third.id}`).loginAs(bob)).assertStatus(201)
    assert.deepEqual(await listed(alice), {
      items: [
        [third.id, false, false],
        [second.id, false, false],
        [first.id, false, false],
      ],
      total: 3,
    })
    assert.deepEqual(await listed(bob), { items: [[third.id, false, false]], total: 1 })

    ;(await client.patch(`/api/v1/me/watchlist/${second.id}`).json({ watched: true }).loginAs(alice)).assertStatus(200)
    assert.deepEqual(await listed(alice, { watched: 'true' }), { items: [[second.id, true, true]], total: 1 })
    assert.deepEqual((await listed(alice, { watched: 'false', sort: 'added_at' })).items, [
      [first.id, false, false],
      [third.id, false, false],
    ])

    // As the moderators' hide does it (admin/movies.spec.ts drives the real panel).
    await db.from('movies').where('id', first.id).update({ is_hidden: true })
    await invalidateHiddenMovies()
    assert.deepEqual((await listed(alice)).total, 2)

    ;(await client.delete(`/api/v1/me/watchlist/${third.id}`).loginAs(alice)).assertStatus(204)
    assert.deepEqual(await listed(alice), { items: [[second.id, true, true]], total: 1 })
    assert.deepEqual(await listed(bob), { items: [[third.id, false, false]], total: 1 })
    assert.equal(await countRows('watchlist_items', { user_id: alice.id }), 2)
  })

  test('DELETE removes (204) then 404; absent items and unknown movies are 404', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const movie = await MovieFactory.create()
    await client.put(`/api/v1/me/watchlist/${movie.id}`).loginAs(alice)

    // Bob cannot touch Alice's watchlist: his own is empty.
    assertError(assert, await client.delete(`/api/v1/me/watchlist/${movie.id}`).loginAs(bob), 404, 'E_NOT_FOUND')
    assertError(assert, await client.patch(`/api/v1/me/watchlist/${movie.id}`).json({ watched: true }).loginAs(bob), 404, 'E_NOT_FOUND')
    const alicesItem = await WatchlistItem.query().where({ userId: alice.id }).firstOrFail()
    assert.isFalse(alicesItem.watched)

    ;(await client.delete(`/api/v1/me/watchlist/${movie.id}`).loginAs(alice)).assertStatus(204)
    assertError(assert, await client.delete(`/api/v1/me/watchlist/${movie.id}`).loginAs(alice), 404, 'E_NOT_FOUND')
    assertError(assert, await client.put('/api/v1/me/watchlist/999999').loginAs(alice), 404, 'E_NOT_FOUND')
    assertError(assert, await client.get('/api/v1/me/watchlist'), 401, 'E_UNAUTHORIZED')
    assert.equal(await countRows('watchlist_items'), 0)
  })
})

test.group('Engagement / favorites', () => {
  test('PUT adds (201/200), GET lists, DELETE removes (204) then 404', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const [first, second] = await MovieFactory.createMany(2)

    const created = await client.put(`/api/v1/me/favorites/${first.id}`).loginAs(alice)
    created.assertStatus(201)
    assert.containSubset(created.body(), { movie: { id: first.id, is_favorite: true } })
    ;(await client.put(`/api/v1/me/favorites/${first.id}`).loginAs(alice)).assertStatus(200)
    // Backdated by hand before the next write: the list is read from the caller's state,
    // which writes through the API renew (a manual SQL edit alone waits for its TTL).
    await db.from('favorites').where('movie_id', first.id).update({ created_at: new Date('2025-01-01T00:00:00Z') })
    await client.put(`/api/v1/me/favorites/${second.id}`).loginAs(alice)

    const list = await client.get('/api/v1/me/favorites').loginAs(alice)
    assert.deepEqual(list.body().data.map((f: { movie: { id: number } }) => f.movie.id), [second.id, first.id])
    assert.equal(list.body().data[1].added_at, '2025-01-01T00:00:00.000Z')
    const empty = await client.get('/api/v1/me/favorites').loginAs(bob)
    assert.equal(empty.body().meta.total, 0)

    assertError(assert, await client.delete(`/api/v1/me/favorites/${first.id}`).loginAs(bob), 404, 'E_NOT_FOUND')
    assert.equal(await countRows('favorites', { user_id: alice.id }), 2)
    ;(await client.delete(`/api/v1/me/favorites/${first.id}`).loginAs(alice)).assertStatus(204)
    assertError(assert, await client.delete(`/api/v1/me/favorites/${first.id}`).loginAs(alice), 404, 'E_NOT_FOUND')
    assertError(assert, await client.put('/api/v1/me/favorites/999999').loginAs(alice), 404, 'E_NOT_FOUND')
    assertError(assert, await client.put(`/api/v1/me/favorites/${first.id}`), 401, 'E_UNAUTHORIZED')
    assert.equal(await countRows('favorites'), 1)
  })
})
