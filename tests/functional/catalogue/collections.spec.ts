/*
| GET /collections/:id (API.md, "Collections (franchises)"): a franchise with
| the parts the caller may see in release order; per-user `watched` and
| `watched_count` with a token that never leak between users or into the
| cached anonymous body; MovieDetail.collection; and the caches following
| what the syncs and the library writes change.
*/

import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Movie from '#models/movie'
import Collection from '#models/collection'
import { CollectionFactory } from '#factories/collection_factory'
import { MovieFactory } from '#factories/movie_factory'
import { GenreFactory } from '#factories/genre_factory'
import { UserFactory } from '#factories/user_factory'
import { syncMovie } from '#services/tmdb/movie_sync_service'
import { syncCollection } from '#services/tmdb/collection_sync_service'
import { COLLECTION_ID_BASE } from '#tests/support/fake_tmdb/catalogue'
import { fakeTmdb } from '#tests/support/services'
import { resetTmdb, testClient } from '#tests/support/fake_tmdb/test_helpers'

const IMAGE = /^https:\/\/image\.tmdb\.org\/t\/p\/w\d+\//

/** A collection with four visible parts released out of id order, one undated, one hidden, one adult. */
async function franchise() {
  const collection = await CollectionFactory.create()
  const genre = await GenreFactory.create()
  const part = (title: string, releaseDate: string | null, extra: Partial<Movie> = {}) =>
    MovieFactory.merge({
      title,
      collectionId: collection.id,
      releaseDate: releaseDate ? DateTime.fromISO(releaseDate) : null,
      year: releaseDate ? Number(releaseDate.slice(0, 4)) : null,
      ...extra,
    }).create()
  const third = await part('Third', '2010-06-18')
  const first = await part('First', '1995-11-22')
  const undated = await part('Someday', null)
  const second = await part('Second', '1999-11-24')
  const hidden = await part('Hidden', '2001-01-01', { isHidden: true })
  const adult = await part('Adult', '2003-03-03', { adult: true })
  await first.related('genres').attach([genre.id])
  // Not a part.
  await MovieFactory.merge({ title: 'Elsewhere', releaseDate: DateTime.fromISO('1990-01-01') }).create()
  return { collection, genre, first, second, third, undated, hidden, adult }
}

const ids = (body: { parts: { id: number }[] }) => body.parts.map((part) => part.id)

test.group('Catalogue / GET /collections/:id', () => {
  test('the collection with its visible parts as MovieSummary, in release order, undated last', async ({ client, assert }) => {
    const { collection, genre, first, second, third, undated } = await franchise()

    const response = await client.get(`/api/v1/collections/${collection.id}`)

    response.assertStatus(200)
    const body = response.body()
    assert.containSubset(body, {
      id: collection.id,
      tmdb_id: collection.tmdbId,
      name: collection.name,
      overview: collection.overview,
    })
    assert.match(body.poster_url, IMAGE)
    assert.isTrue(body.poster_url.endsWith(collection.posterPath!))
    assert.isTrue(body.backdrop_url.endsWith(collection.backdropPath!))
    assert.deepEqual(ids(body), [first.id, second.id, third.id, undated.id])
    // The same summary GET /movies/:id starts with.
    const detail = (await client.get(`/api/v1/movies/${first.id}`)).body()
    for (const key of Object.keys(body.parts[0])) assert.deepEqual(body.parts[0][key], detail[key], key)
    assert.deepEqual(body.parts[0].genres, [{ id: genre.id, name: genre.name }])
    // Anonymous: no per-user fields anywhere.
    assert.notProperty(body, 'watched_count')
    for (const part of body.parts) {
      assert.notProperty(part, 'watched')
      assert.notProperty(part, 'user_rating')
    }
    assert.isString(response.header('etag'))
  })

  test('hidden parts are never shown; adult parts only to adults who chose them', async ({ client, assert }) => {
    const { collection, first, second, third, undated, adult } = await franchise()
    const grown = await UserFactory.merge({ maturityFilter: 'adult', birthDate: DateTime.fromISO('1980-01-01') }).create()
    const plain = await UserFactory.create()

    const anonymous = await client.get(`/api/v1/collections/${collection.id}`)
    const forPlain = await client.get(`/api/v1/collections/${collection.id}`).loginAs(plain)
    const forAdult = await client.get(`/api/v1/collections/${collection.id}`).loginAs(grown)

    assert.deepEqual(ids(anonymous.body()), [first.id, second.id, third.id, undated.id])
    assert.deepEqual(ids(forPlain.body()), [first.id, second.id, third.id, undated.id])
    assert.deepEqual(ids(forAdult.body()), [first.id, second.id, adult.id, third.id, undated.id])
  })

  test('unknown, non-numeric and out-of-range ids, and a collection with nothing visible, are 404 envelopes', async ({
    client,
    assert,
  }) => {
    const { collection } = await franchise()
    const onlyHidden = await CollectionFactory.create()
    await MovieFactory.merge({ collectionId: onlyHidden.id, isHidden: true }).create()
    const onlyAdult = await CollectionFactory.create()
    await MovieFactory.merge({ collectionId: onlyAdult.id, adult: true }).create()
    const empty = await CollectionFactory.create()

    for (const path of [
      `/api/v1/collections/${collection.id + 1000}`,
      '/api/v1/collections/abc',
      '/api/v1/collections/0',
      '/api/v1/collections/99999999999',
      `/api/v1/collections/${onlyHidden.id}`,
      `/api/v1/collections/${onlyAdult.id}`,
      `/api/v1/collections/${empty.id}`,
    ]) {
      const response = await client.get(path)
      response.assertStatus(404)
      assert.equal(response.body().error.code, 'E_NOT_FOUND', path)
    }
    // The real one still answers.
    ;(await client.get(`/api/v1/collections/${collection.id}`)).assertStatus(200)
  })

  test('with a token: per-user fields and watched per part, watched_count; two users never see each other’s', async ({
    client,
    assert,
  }) => {
    const { collection, first, second, third, undated } = await franchise()
    const [alice, bob] = await UserFactory.createMany(2)
    // Alice rated the first, logged the second in her diary and marked the third watched on her watchlist.
    ;(await client.put(`/api/v1/movies/${first.id}/rating`).json({ rating: 4.5 }).loginAs(alice)).assertStatus(201)
    ;(await client.post('/api/v1/me/diary').json({ movie_id: second.id, watched_on: '2024-05-01' }).loginAs(alice)).assertStatus(201)
    ;(await client.put(`/api/v1/me/watchlist/${third.id}`).loginAs(alice)).assertStatus(201)
    ;(await client.patch(`/api/v1/me/watchlist/${third.id}`).json({ watched: true }).loginAs(alice)).assertStatus(200)
    // Bob only has the undated one on his watchlist, unwatched.
    ;(await client.put(`/api/v1/me/watchlist/${undated.id}`).loginAs(bob)).assertStatus(201)

    const anonymous = await client.get(`/api/v1/collections/${collection.id}`)
    const forAlice = await client.get(`/api/v1/collections/${collection.id}`).loginAs(alice)
    const forBob = await client.get(`/api/v1/collections/${collection.id}`).loginAs(bob)

    const view = (body: { parts: Record<string, unknown>[] }) =>
      body.parts.map((part) => [part.id, part.user_rating, part.in_watchlist, part.is_favorite, part.watched])
    assert.deepEqual(view(forAlice.body()), [
      [first.id, 4.5, false, false, true],
      [second.id, null, false, false, true],
      [third.id, null, true, false, true],
      [undated.id, null, false, false, false],
    ])
    assert.equal(forAlice.body().watched_count, 3)
    assert.deepEqual(view(forBob.body()), [
      [first.id, null, false, false, false],
      [second.id, null, false, false, false],
      [third.id, null, false, false, false],
      [undated.id, null, true, false, false],
    ])
    assert.equal(forBob.body().watched_count, 0)
    // The shared parts are the same for everyone; the anonymous body stays free of anyone's fields.
    assert.deepEqual(
      forAlice.body().parts.map((part: { title: string; average_rating: number | null }) => [part.title, part.average_rating]),
      anonymous.body().parts.map((part: { title: string; average_rating: number | null }) => [part.title, part.average_rating])
    )
    assert.notProperty(anonymous.body(), 'watched_count')
    assert.notProperty(anonymous.body().parts[0], 'user_rating')
    // One user's ETag never yields a 304 for another.
    assert.notEqual(forAlice.header('etag'), forBob.header('etag'))
    const crossed = await client
      .get(`/api/v1/collections/${collection.id}`)
      .header('If-None-Match', forAlice.header('etag')!)
      .loginAs(bob)
    crossed.assertStatus(200)
    assert.equal(crossed.body().watched_count, 0)
    const again = await client
      .get(`/api/v1/collections/${collection.id}`)
      .header('If-None-Match', forAlice.header('etag')!)
      .loginAs(alice)
    again.assertStatus(304)
  })

  test('watched_count and the anonymous body follow diary, watchlist and rating writes at once', async ({ client, assert }) => {
    const { collection, first, second } = await franchise()
    const [alice, bob] = await UserFactory.createMany(2)
    const url = `/api/v1/collections/${collection.id}`
    const before = await client.get(url).loginAs(alice)
    assert.equal(before.body().watched_count, 0)
    const anonymousBefore = (await client.get(url)).body()
    assert.isNull(anonymousBefore.parts[0].average_rating)

    const logged = await client.post('/api/v1/me/diary').json({ movie_id: second.id, watched_on: '2024-05-01' }).loginAs(alice)
    logged.assertStatus(201)
    const afterDiary = await client.get(url).loginAs(alice)
    assert.equal(afterDiary.body().watched_count, 1)
    assert.isTrue(afterDiary.body().parts.find((part: { id: number }) => part.id === second.id).watched)
    assert.notEqual(afterDiary.header('etag'), before.header('etag'))
    // Bob's view did not move.
    assert.equal((await client.get(url).loginAs(bob)).body().watched_count, 0)

    // Removing the entry takes it back.
    ;(await client.delete(`/api/v1/me/diary/${logged.body().id}`).loginAs(alice)).assertStatus(204)
    assert.equal((await client.get(url).loginAs(alice)).body().watched_count, 0)

    // Bob's rating: the next anonymous reader sees the new average, Bob his watched part.
    ;(await client.put(`/api/v1/movies/${first.id}/rating`).json({ rating: 3 }).loginAs(bob)).assertStatus(201)
    assert.equal((await client.get(url)).body().parts[0].average_rating, 3)
    assert.equal((await client.get(url).loginAs(bob)).body().watched_count, 1)
    assert.equal(await db.from('diary_entries').where('user_id', alice.id).count('* as n').then((r) => Number(r[0].n)), 0)
  })

  test('a part hidden by a moderator leaves the collection at once', async ({ client, assert }) => {
    const { collection, first, second, third, undated } = await franchise()
    const url = `/api/v1/collections/${collection.id}`
    assert.deepEqual(ids((await client.get(url)).body()), [first.id, second.id, third.id, undated.id])

    const moderator = await UserFactory.apply('moderator').create()
    const hidden = await client
      .post(`/admin/movies/${second.id}/hide`)
      .withGuard('web')
      .loginAs(moderator)
      .withCsrfToken()
      .redirects(0)
    hidden.assertStatus(302)

    assert.deepEqual(ids((await client.get(url)).body()), [first.id, third.id, undated.id])
  })

  test('MovieDetail.collection names the collection; null for a movie in none', async ({ client, assert }) => {
    const { collection, first } = await franchise()
    const loner = await MovieFactory.create()

    const detail = (await client.get(`/api/v1/movies/${first.id}`)).body()
    assert.deepEqual(detail.collection, {
      id: collection.id,
      name: collection.name,
      poster_url: (await client.get(`/api/v1/collections/${collection.id}`)).body().poster_url,
    })
    assert.match(detail.collection.poster_url, IMAGE)
    assert.isNull((await client.get(`/api/v1/movies/${loner.id}`)).body().collection)
  })
})

test.group('Catalogue / collections from the TMDB syncs', (group) => {
  group.each.setup(() => resetTmdb())

  test('movie syncs link the parts; a renamed collection shows in every part’s detail; the collection sync fills the page', async ({
    client,
    assert,
  }) => {
    const client_ = testClient()
    const tmdbId = COLLECTION_ID_BASE + 862
    const ref = fakeTmdb().catalogue.collectionRef(862)!
    const toyStory = (await syncMovie(862, { client: client_, announce: false })).movie
    const sequel = (await syncMovie(863, { client: client_, announce: false })).movie
    const collection = await Collection.findByOrFail('tmdb_id', tmdbId)

    const detail = (await client.get(`/api/v1/movies/${toyStory.id}`)).body()
    assert.equal(detail.collection.id, collection.id)
    assert.equal(detail.collection.name, ref.name)
    assert.isTrue(detail.collection.poster_url.endsWith(ref.poster_path!))
    const page = await client.get(`/api/v1/collections/${collection.id}`)
    page.assertStatus(200)
    // Release order, as TMDB's page lists them.
    const parts = fakeTmdb().catalogue.collection(tmdbId, (id) => ({ id }) as never)!.parts.map((part) => part.id)
    assert.deepEqual(
      page.body().parts.map((part: { tmdb_id: number }) => part.tmdb_id),
      parts.filter((id) => [862, 863].includes(id))
    )
    // Known only from the movies so far: no overview yet.
    assert.isNull(page.body().overview)

    // TMDB renames it; a sync of the sequel alone brings the new name to the first film's (cached) detail too.
    fakeTmdb().updateMovie(863, { belongs_to_collection: { ...ref, name: 'Toy Story Saga' } })
    const result = await syncMovie(863, { client: client_, announce: false })
    assert.include(result.changedFields, 'collection')
    assert.equal((await Collection.findOrFail(collection.id)).name, 'Toy Story Saga')
    assert.equal((await client.get(`/api/v1/movies/${toyStory.id}`)).body().collection.name, 'Toy Story Saga')
    assert.equal((await client.get(`/api/v1/movies/${sequel.id}`)).body().collection.name, 'Toy Story Saga')
    assert.equal((await client.get(`/api/v1/collections/${collection.id}`)).body().name, 'Toy Story Saga')

    // The collection's own page (the gap filling's job) brings the overview to the cached page.
    fakeTmdb().reset()
    const synced = await syncCollection(tmdbId, { client: client_ })
    assert.equal(synced.linked, 2)
    const expected = fakeTmdb().catalogue.collection(tmdbId, (id) => ({ id }) as never)!
    const after = (await client.get(`/api/v1/collections/${collection.id}`)).body()
    assert.equal(after.overview, expected.overview)
    assert.equal(after.name, expected.name)
    assert.equal((await client.get(`/api/v1/movies/${toyStory.id}`)).body().collection.name, expected.name)
  }).timeout(60_000)
})
