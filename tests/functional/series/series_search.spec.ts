import { test } from '@japa/runner'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import { syncSeries } from '#services/tmdb/series_sync_service'
import { resetTmdb, testClient } from '#tests/support/fake_tmdb/test_helpers'
import { TV_ID_BASE } from '#tests/support/fake_tmdb/tv_catalogue'
import { assertValidation } from '#tests/functional/engagement/helpers'

const SALTMARSH = TV_ID_BASE // The Saltmarsh Inquiry: Crime, Drama, Mystery
const CORNER_OFFICE = TV_ID_BASE + 2 // Comedy
const VELVET_HOURS = TV_ID_BASE + 34 // adult

async function ingest(tmdbId: number) {
  return (await syncSeries(tmdbId, { client: testClient() })).series
}

type Item = { id: number; is_series: boolean; title: string }
const kinds = (items: Item[]) => items.map((item) => [item.is_series ? 'series' : 'movie', item.id])

test.group('Series / GET /search (movies and series)', (group) => {
  group.each.setup(() => resetTmdb())

  test('ranks both kinds by relevance, then popularity; items say is_series; ?type= keeps one kind', async ({
    client,
    assert,
  }) => {
    const saltmarsh = await ingest(SALTMARSH)
    await ingest(CORNER_OFFICE)
    // A title match outranks a genre-name match, however unpopular.
    const titled = await MovieFactory.merge({ title: 'Drama Club', originalTitle: 'Drama Club', popularity: 0.001 }).create()
    // Same relevance as the show (genre "Drama"): the more popular title first, whatever its kind.
    const popular = await MovieFactory.merge({ title: 'Quartz Avenue', originalTitle: 'Quartz Avenue', popularity: 99_999 }).create()
    await popular.related('genres').sync([18])
    await MovieFactory.merge({ title: 'Copper Lake', originalTitle: 'Copper Lake' }).create()

    const response = await client.get('/api/v1/search').qs({ q: 'drama' })
    response.assertStatus(200)
    assert.deepEqual(kinds(response.body().data), [
      ['movie', titled.id],
      ['movie', popular.id],
      ['series', saltmarsh.id],
    ])
    assert.equal(response.body().meta.total, 3)
    const [movie, , show] = response.body().data
    assert.include(show, { is_series: true, name: 'The Saltmarsh Inquiry', title: 'The Saltmarsh Inquiry' })
    assert.include(movie, { is_series: false, title: 'Drama Club', tmdb_id: titled.tmdbId })
    assert.notProperty(movie, 'user_rating')
    assert.notProperty(show, 'user_rating')

    const movies = await client.get('/api/v1/search').qs({ q: 'drama', type: 'movie' })
    assert.deepEqual(kinds(movies.body().data), [
      ['movie', titled.id],
      ['movie', popular.id],
    ])
    const series = await client.get('/api/v1/search').qs({ q: 'drama', type: 'series' })
    assert.deepEqual(kinds(series.body().data), [['series', saltmarsh.id]])

    // One pagination over both kinds.
    const third = await client.get('/api/v1/search').qs({ q: 'drama', per_page: 1, page: 3 })
    assert.deepEqual(kinds(third.body().data), [['series', saltmarsh.id]])
    assert.equal(third.body().meta.last_page, 3)
  })

  test('adds per-user fields with a token and hides what the viewer may not see', async ({ client, assert }) => {
    const saltmarsh = await ingest(SALTMARSH)
    await ingest(VELVET_HOURS)
    const movie = await MovieFactory.merge({ title: 'Saltmarsh Blues', originalTitle: 'Saltmarsh Blues' }).create()
    const user = await UserFactory.create()
    await client.put(`/api/v1/me/watchlist/series/${saltmarsh.id}`).loginAs(user)
    await client.put(`/api/v1/me/favorites/${movie.id}`).loginAs(user)

    const response = await client.get('/api/v1/search').qs({ q: 'saltmarsh' }).loginAs(user)
    response.assertStatus(200)
    const byKind = new Map(response.body().data.map((item: Item) => [item.is_series ? 'series' : 'movie', item]))
    assert.include(byKind.get('series'), { id: saltmarsh.id, in_watchlist: true, is_favorite: false, user_rating: null })
    assert.include(byKind.get('movie'), { id: movie.id, in_watchlist: false, is_favorite: true, user_rating: null })

    const adult = await client.get('/api/v1/search').qs({ q: 'velvet hours' })
    assert.deepEqual(adult.body().data, [])
  })

  test('422 without q or with a bad type; limited like the other searches', async ({ client, assert }) => {
    assertValidation(assert, await client.get('/api/v1/search'), 'q')
    assertValidation(assert, await client.get('/api/v1/search').qs({ q: '   ' }), 'q')
    assertValidation(assert, await client.get('/api/v1/search').qs({ q: 'x', type: 'episode' }), 'type')

    let last
    for (let i = 0; i < 27; i++) {
      last = await client.get('/api/v1/search').qs({ q: `x${i}` })
      last.assertStatus(200)
    }
    assert.equal(last!.header('x-ratelimit-limit'), '30')
    assert.equal(last!.header('x-ratelimit-remaining'), '0')
    const limited = await client.get('/api/v1/search').qs({ q: 'x' })
    limited.assertStatus(429)
    assert.equal(limited.body().error.code, 'E_RATE_LIMITED')
  })
})
