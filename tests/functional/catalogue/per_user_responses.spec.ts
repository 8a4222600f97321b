import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'

/**
 * Per-user fields are overlaid on shared cached bodies (the movie detail
 * cache, the per-user state cache): one user's fields or ETag must never
 * reach another user, nor an anonymous visitor.
 */
test.group('Catalogue / per-user responses never cross users', () => {
  test('same URL, two users: different bodies and ETags; a 304 only for the ETag of the same caller', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const movie = await MovieFactory.create()
    const url = `/api/v1/movies/${movie.id}`

    // Warm the shared detail anonymously first, so both users read the same cached body.
    const anonymous = await client.get(url)
    anonymous.assertStatus(200)

    const rated = await client.put(`${url}/rating`).loginAs(alice).json({ rating: 4.5 })
    rated.assertStatus(201)
    ;(await client.put(`/api/v1/me/favorites/${movie.id}`).loginAs(alice)).assertStatus(201)
    ;(await client.put(`/api/v1/me/watchlist/${movie.id}`).loginAs(bob)).assertStatus(201)

    const forAlice = await client.get(url).loginAs(alice)
    const forBob = await client.get(url).loginAs(bob)
    forAlice.assertStatus(200)
    forBob.assertStatus(200)
    assert.include(forAlice.body(), { id: movie.id, user_rating: 4.5, in_watchlist: false, is_favorite: true, watched: true })
    assert.include(forBob.body(), { id: movie.id, user_rating: null, in_watchlist: true, is_favorite: false, watched: false })
    const aliceTag = String(forAlice.header('etag'))
    const bobTag = String(forBob.header('etag'))
    assert.match(aliceTag, /^"[\w-]+"$/)
    assert.match(bobTag, /^"[\w-]+"$/)
    assert.notEqual(aliceTag, bobTag)
    assert.notEqual(aliceTag, anonymous.header('etag'))
    assert.include(forAlice.header('vary'), 'Authorization')

    // Bob presenting Alice's ETag gets his own full body, never a 304.
    const bobWithAliceTag = await client.get(url).loginAs(bob).header('If-None-Match', aliceTag)
    bobWithAliceTag.assertStatus(200)
    assert.include(bobWithAliceTag.body(), { user_rating: null, in_watchlist: true })
    // Anonymous with Alice's ETag: the anonymous body, no per-user fields.
    const anonymousWithAliceTag = await client.get(url).header('If-None-Match', aliceTag)
    anonymousWithAliceTag.assertStatus(200)
    assert.notProperty(anonymousWithAliceTag.body(), 'user_rating')
    assert.equal(anonymousWithAliceTag.body().watched, false)
    // Alice with her own ETag: 304.
    const aliceAgain = await client.get(url).loginAs(alice).header('If-None-Match', aliceTag)
    aliceAgain.assertStatus(304)

    // Her next rating changes her body (and ETag) at once; Bob's stays as it was.
    ;(await client.put(`${url}/rating`).loginAs(alice).json({ rating: 2 })).assertStatus(200)
    const aliceAfter = await client.get(url).loginAs(alice).header('If-None-Match', aliceTag)
    aliceAfter.assertStatus(200)
    assert.equal(aliceAfter.body().user_rating, 2)
    assert.equal(aliceAfter.body().average_rating, 2)
    const bobAfter = await client.get(url).loginAs(bob).header('If-None-Match', bobTag)
    bobAfter.assertStatus(200)
    assert.include(bobAfter.body(), { user_rating: null, in_watchlist: true, average_rating: 2, rating_count: 1 })

    const rows = await db.from('ratings').where('movie_id', movie.id).select('user_id', 'rating')
    assert.deepEqual(rows.map((row) => [row.user_id, Number(row.rating)]), [[alice.id, 2]])
  })

  test('the same list page: per-user fields and ETags differ by caller', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const movie = await MovieFactory.merge({ popularity: 1000 }).create()
    ;(await client.put(`/api/v1/movies/${movie.id}/rating`).loginAs(alice).json({ rating: 5 })).assertStatus(201)

    const forAlice = await client.get('/api/v1/movies').loginAs(alice)
    const forBob = await client.get('/api/v1/movies').loginAs(bob)
    const rowOf = (body: { data: { id: number }[] }) => body.data.find((item) => item.id === movie.id)
    assert.include(rowOf(forAlice.body()), { user_rating: 5 })
    assert.include(rowOf(forBob.body()), { user_rating: null })
    assert.notEqual(forAlice.header('etag'), forBob.header('etag'))

    const crossed = await client.get('/api/v1/movies').loginAs(bob).header('If-None-Match', String(forAlice.header('etag')))
    crossed.assertStatus(200)
    assert.include(rowOf(crossed.body()), { user_rating: null })
  })
})
