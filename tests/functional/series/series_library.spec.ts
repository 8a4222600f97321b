import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import { syncSeries } from '#services/tmdb/series_sync_service'
import { fakeTmdb } from '#tests/support/services'
import { resetTmdb, testClient } from '#tests/support/fake_tmdb/test_helpers'
import { TV_ID_BASE } from '#tests/support/fake_tmdb/tv_catalogue'
import { assertError, assertValidation, countRows } from '#tests/functional/engagement/helpers'

const SALTMARSH = TV_ID_BASE // ended, four seasons
const CORNER_OFFICE = TV_ID_BASE + 2
const VELVET_HOURS = TV_ID_BASE + 34 // adult

async function ingest(tmdbId: number) {
  return (await syncSeries(tmdbId, { client: testClient() })).series
}

/** Pins when an item was added, so "newest first" does not depend on request timing. */
async function addedAt(table: string, where: Record<string, unknown>, iso: string) {
  await db.from(table).where(where).update({ created_at: iso })
}

const MOVIE_ITEM_KEYS = ['movie', 'added_at', 'watched', 'watched_at']

test.group('Series / GET /me/watchlist with series', (group) => {
  group.each.setup(() => resetTmdb())

  test('no type lists movies and series newest first in one pagination; ?type= filters', async ({ client, assert }) => {
    const saltmarsh = await ingest(SALTMARSH)
    const corner = await ingest(CORNER_OFFICE)
    const [older, newer] = await MovieFactory.createMany(2)
    const user = await UserFactory.create()
    for (const movie of [older, newer]) (await client.put(`/api/v1/me/watchlist/${movie.id}`).loginAs(user)).assertStatus(201)
    for (const series of [saltmarsh, corner]) {
      ;(await client.put(`/api/v1/me/watchlist/series/${series.id}`).loginAs(user)).assertStatus(201)
    }
    await addedAt('watchlist_items', { movie_id: older.id }, '2026-01-01T00:00:00Z')
    await addedAt('series_watchlist_items', { series_id: saltmarsh.id }, '2026-01-02T00:00:00Z')
    await addedAt('watchlist_items', { movie_id: newer.id }, '2026-01-03T00:00:00Z')
    await addedAt('series_watchlist_items', { series_id: corner.id }, '2026-01-04T00:00:00Z')

    const all = await client.get('/api/v1/me/watchlist').loginAs(user)
    all.assertStatus(200)
    assert.equal(all.body().meta.total, 4)
    assert.deepEqual(
      all.body().data.map((item: { movie: { id: number; is_series?: boolean } }) => [item.movie.id, item.movie.is_series ?? false]),
      [
        [corner.id, true],
        [newer.id, false],
        [saltmarsh.id, true],
        [older.id, false],
      ]
    )
    // Movie items keep their exact shape; series items also carry the summary under `movie`.
    const [cornerItem, newerItem] = all.body().data
    assert.sameMembers(Object.keys(newerItem), MOVIE_ITEM_KEYS)
    assert.notProperty(newerItem.movie, 'is_series')
    assert.include(newerItem.movie, { id: newer.id, in_watchlist: true, is_favorite: false, user_rating: null })
    assert.deepEqual(cornerItem.movie, cornerItem.series)
    assert.include(cornerItem.series, { id: corner.id, is_series: true, name: 'Corner Office', in_watchlist: true, is_favorite: false })
    assert.include(cornerItem, { added_at: '2026-01-04T00:00:00.000Z', watched: false, watched_at: null })
    assert.include(cornerItem.next_episode, {
      season_number: 1,
      episode_number: 1,
      name: fakeTmdb().tv.season(CORNER_OFFICE, 1)!.episodes[0].name,
    })
    assert.match(cornerItem.next_episode.air_date, /^\d{4}-\d{2}-\d{2}$/)

    // One pagination across both kinds.
    const second = await client.get('/api/v1/me/watchlist').qs({ per_page: 3, page: 2 }).loginAs(user)
    assert.equal(second.body().meta.total, 4)
    assert.equal(second.body().meta.last_page, 2)
    assert.deepEqual(
      second.body().data.map((item: { movie: { id: number } }) => item.movie.id),
      [older.id]
    )
    assert.isNull(second.body().meta.next_page_url)

    const movies = await client.get('/api/v1/me/watchlist').qs({ type: 'movie' }).loginAs(user)
    assert.deepEqual(
      movies.body().data.map((item: { movie: { id: number } }) => item.movie.id),
      [newer.id, older.id]
    )
    assert.sameMembers(Object.keys(movies.body().data[0]), MOVIE_ITEM_KEYS)

    const series = await client.get('/api/v1/me/watchlist').qs({ type: 'series' }).loginAs(user)
    assert.deepEqual(
      series.body().data.map((item: { series: { id: number } }) => item.series.id),
      [corner.id, saltmarsh.id]
    )
    // The old path is an alias of ?type=series.
    const alias = await client.get('/api/v1/me/watchlist/series').loginAs(user)
    alias.assertStatus(200)
    assert.deepEqual(alias.body().data, series.body().data)

    // Sorting by title applies across kinds too.
    const byTitle = await client.get('/api/v1/me/watchlist').qs({ sort: 'title' }).loginAs(user)
    const titles = byTitle.body().data.map((item: { movie: { title: string } }) => item.movie.title.toLowerCase())
    assert.deepEqual(titles, [...titles].sort())

    assertValidation(assert, await client.get('/api/v1/me/watchlist').qs({ type: 'show' }).loginAs(user), 'type')
  })

  test('PATCH /me/watchlist/series/:id {watched} marks the show; ?watched= filters both kinds', async ({ client, assert }) => {
    const series = await ingest(SALTMARSH)
    const movie = await MovieFactory.create()
    const user = await UserFactory.create()
    await client.put(`/api/v1/me/watchlist/series/${series.id}`).loginAs(user)
    await client.put(`/api/v1/me/watchlist/${movie.id}`).loginAs(user)

    const marked = await client.patch(`/api/v1/me/watchlist/series/${series.id}`).json({ watched: true }).loginAs(user)
    marked.assertStatus(200)
    assert.isTrue(marked.body().watched)
    assert.isString(marked.body().watched_at)
    assert.equal(marked.body().series.id, series.id)
    const row = await db.from('series_watchlist_items').where({ user_id: user.id, series_id: series.id }).firstOrFail()
    assert.isTrue(row.watched)
    assert.isNotNull(row.watched_at)

    const watched = await client.get('/api/v1/me/watchlist').qs({ watched: true }).loginAs(user)
    assert.deepEqual(
      watched.body().data.map((item: { movie: { id: number; is_series?: boolean } }) => [item.movie.id, item.movie.is_series ?? false]),
      [[series.id, true]]
    )
    const unwatched = await client.get('/api/v1/me/watchlist').qs({ watched: false }).loginAs(user)
    assert.deepEqual(
      unwatched.body().data.map((item: { movie: { id: number } }) => item.movie.id),
      [movie.id]
    )

    const cleared = await client.patch(`/api/v1/me/watchlist/series/${series.id}`).json({ watched: false }).loginAs(user)
    assert.include(cleared.body(), { watched: false, watched_at: null })

    // Bad input changes nothing; a show not on the watchlist is 404.
    assertValidation(assert, await client.patch(`/api/v1/me/watchlist/series/${series.id}`).json({ watched: 'yes' }).loginAs(user), 'watched')
    const other = await ingest(CORNER_OFFICE)
    assertError(assert, await client.patch(`/api/v1/me/watchlist/series/${other.id}`).json({ watched: true }).loginAs(user), 404, 'E_NOT_FOUND')
    assert.equal(await countRows('series_watchlist_items', { user_id: user.id }), 1)
    assert.equal(await countRows('series_watchlist_items', { watched: true }), 0)
  })
})

test.group('Series / favourites', (group) => {
  group.each.setup(() => resetTmdb())

  test('PUT adds (201, then 200), DELETE removes (204, then 404); GET /me/favorites mixes kinds with ?type=', async ({
    client,
    assert,
  }) => {
    const series = await ingest(SALTMARSH)
    const movie = await MovieFactory.create()
    const user = await UserFactory.create()

    const created = await client.put(`/api/v1/me/favorites/series/${series.id}`).loginAs(user)
    created.assertStatus(201)
    assert.deepEqual(created.body().movie, created.body().series)
    assert.include(created.body().series, { id: series.id, is_series: true, is_favorite: true, in_watchlist: false })
    assert.isString(created.body().added_at)
    ;(await client.put(`/api/v1/me/favorites/series/${series.id}`).loginAs(user)).assertStatus(200)
    assert.equal(await countRows('series_favorites', { user_id: user.id, series_id: series.id }), 1)

    await client.put(`/api/v1/me/favorites/${movie.id}`).loginAs(user)
    await addedAt('series_favorites', { series_id: series.id }, '2026-02-01T00:00:00Z')
    await addedAt('favorites', { movie_id: movie.id }, '2026-02-02T00:00:00Z')

    const all = await client.get('/api/v1/me/favorites').loginAs(user)
    all.assertStatus(200)
    assert.equal(all.body().meta.total, 2)
    const [movieItem, seriesItem] = all.body().data
    assert.sameMembers(Object.keys(movieItem), ['movie', 'added_at'])
    assert.include(movieItem.movie, { id: movie.id, is_favorite: true })
    assert.sameMembers(Object.keys(seriesItem), ['movie', 'series', 'added_at'])
    assert.include(seriesItem.series, { id: series.id, is_favorite: true })

    const onlySeries = await client.get('/api/v1/me/favorites').qs({ type: 'series' }).loginAs(user)
    assert.deepEqual(
      onlySeries.body().data.map((item: { series: { id: number } }) => item.series.id),
      [series.id]
    )
    const onlyMovies = await client.get('/api/v1/me/favorites').qs({ type: 'movie' }).loginAs(user)
    assert.deepEqual(
      onlyMovies.body().data.map((item: { movie: { id: number } }) => item.movie.id),
      [movie.id]
    )
    assertValidation(assert, await client.get('/api/v1/me/favorites').qs({ type: 'film' }).loginAs(user), 'type')

    ;(await client.delete(`/api/v1/me/favorites/series/${series.id}`).loginAs(user)).assertStatus(204)
    assert.equal(await countRows('series_favorites', { user_id: user.id }), 0)
    assertError(assert, await client.delete(`/api/v1/me/favorites/series/${series.id}`).loginAs(user), 404, 'E_NOT_FOUND')
  })

  test('unknown or hidden shows are 404; anonymous is 401; nothing is written', async ({ client, assert }) => {
    const adult = await ingest(VELVET_HOURS)
    const user = await UserFactory.create()
    assertError(assert, await client.put('/api/v1/me/favorites/series/999999').loginAs(user), 404, 'E_NOT_FOUND')
    assertError(assert, await client.put(`/api/v1/me/favorites/series/${adult.id}`).loginAs(user), 404, 'E_NOT_FOUND')
    assertError(assert, await client.put(`/api/v1/me/favorites/series/${adult.id}`), 401, 'E_UNAUTHORIZED')
    assert.equal(await countRows('series_favorites'), 0)
  })

  test('series summaries and details carry is_favorite, in_watchlist and user_rating with a token only', async ({
    client,
    assert,
  }) => {
    const series = await ingest(SALTMARSH)
    const user = await UserFactory.create()
    await client.put(`/api/v1/me/favorites/series/${series.id}`).loginAs(user)
    await client.put(`/api/v1/series/${series.id}/rating`).json({ rating: 4 }).loginAs(user)

    const detail = await client.get(`/api/v1/series/${series.id}`).loginAs(user)
    assert.include(detail.body(), { is_favorite: true, in_watchlist: false, user_rating: 4 })
    const list = await client.get('/api/v1/series').loginAs(user)
    assert.include(list.body().data.find((item: { id: number }) => item.id === series.id), {
      is_favorite: true,
      user_rating: 4,
    })
    const anonymous = await client.get(`/api/v1/series/${series.id}`)
    assert.notProperty(anonymous.body(), 'is_favorite')
    assert.notProperty(anonymous.body(), 'user_rating')
  })
})
