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

async function ingest(tmdbId: number) {
  return (await syncSeries(tmdbId, { client: testClient() })).series
}

const MOVIE_ENTRY_KEYS = ['id', 'movie', 'watched_on', 'rewatch', 'rating', 'review', 'contains_spoilers', 'created_at', 'updated_at']

test.group('Series / episodes in the diary', (group) => {
  group.each.setup(() => resetTmdb())

  test('POST /me/diary logs an episode (201), marks it watched and moves the next episode on', async ({
    client,
    assert,
  }) => {
    const series = await ingest(SALTMARSH)
    const user = await UserFactory.create()
    await client.put(`/api/v1/me/watchlist/series/${series.id}`).loginAs(user)

    const logged = await client
      .post('/api/v1/me/diary')
      .json({ series_id: series.id, season_number: 1, episode_number: 1, watched_on: '2025-03-01', rating: 4.5, review: ' Tense. ' })
      .loginAs(user)
    logged.assertStatus(201)
    const body = logged.body()
    assert.include(body, { watched_on: '2025-03-01', rewatch: false, rating: 4.5, review: 'Tense.', contains_spoilers: false })
    assert.include(body.series, { id: series.id, is_series: true, in_watchlist: true })
    assert.deepEqual(body.movie, body.series)
    assert.include(body.episode, {
      season_number: 1,
      episode_number: 1,
      name: fakeTmdb().tv.season(SALTMARSH, 1)!.episodes[0].name,
    })

    const row = await db.from('episode_diary_entries').where('id', body.id).firstOrFail()
    assert.include(row, { user_id: user.id, series_id: series.id, episode_id: body.episode.id, rewatch: false })
    assert.equal(Number(row.rating), 4.5)
    assert.equal(await countRows('episode_watches', { user_id: user.id, episode_id: body.episode.id }), 1)
    assert.equal(await countRows('diary_entries'), 0)

    const item = (await client.get('/api/v1/me/watchlist').qs({ type: 'series' }).loginAs(user)).body().data[0]
    assert.include(item.next_episode, { season_number: 1, episode_number: 2 })
    assert.equal(item.watched_episodes, 1)

    // Logging it again is a rewatch by default; the watch mark stays one row.
    const again = await client
      .post('/api/v1/me/diary')
      .json({ series_id: series.id, season_number: 1, episode_number: 1, watched_on: '2025-04-01' })
      .loginAs(user)
    again.assertStatus(201)
    assert.isTrue(again.body().rewatch)
    assert.isNull(again.body().rating)
    assert.equal(await countRows('episode_watches', { user_id: user.id }), 1)
    assert.equal(await countRows('episode_diary_entries', { user_id: user.id }), 2)
  })

  test('unknown series, season or episode is 404; bad input is 422; nothing is written', async ({ client, assert }) => {
    const series = await ingest(SALTMARSH)
    const movie = await MovieFactory.create()
    const user = await UserFactory.create()
    const post = (body: Record<string, unknown>) => client.post('/api/v1/me/diary').json(body).loginAs(user)
    const base = { series_id: series.id, season_number: 1, episode_number: 1, watched_on: '2025-03-01' }

    assertError(assert, await post({ ...base, series_id: 999_999 }), 404, 'E_NOT_FOUND')
    const noSeason = await post({ ...base, season_number: 42 })
    assertError(assert, noSeason, 404, 'E_NOT_FOUND')
    assert.equal(noSeason.body().error.message, 'Episode not found')
    assertError(assert, await post({ ...base, episode_number: 999 }), 404, 'E_NOT_FOUND')

    assertValidation(assert, await post({ ...base, episode_number: undefined }), 'episode_number')
    assertValidation(assert, await post({ ...base, season_number: -1 }), 'season_number')
    assertValidation(assert, await post({ ...base, rating: 4.2 }), 'rating')
    assertValidation(assert, await post({ ...base, watched_on: '2999-01-01' }), 'watched_on')
    assertValidation(assert, await post({ ...base, movie_id: movie.id }), 'movie_id')
    // Without series_id the movie rules apply, as before.
    assertValidation(assert, await post({ season_number: 1, episode_number: 1, watched_on: '2025-03-01' }), 'movie_id')

    assert.equal(await countRows('episode_diary_entries'), 0)
    assert.equal(await countRows('diary_entries'), 0)
    assert.equal(await countRows('episode_watches'), 0)
  })

  test('GET /me/diary lists movies and episodes newest first in one pagination; ?type= and series_id filter', async ({
    client,
    assert,
  }) => {
    const saltmarsh = await ingest(SALTMARSH)
    const corner = await ingest(CORNER_OFFICE)
    const movie = await MovieFactory.create()
    const user = await UserFactory.create()
    const log = async (body: Record<string, unknown>) => {
      const response = await client.post('/api/v1/me/diary').json(body).loginAs(user)
      response.assertStatus(201)
      return response.body()
    }
    const movieEntry = await log({ movie_id: movie.id, watched_on: '2025-01-10' })
    const first = await log({ series_id: saltmarsh.id, season_number: 1, episode_number: 1, watched_on: '2025-01-05' })
    const second = await log({ series_id: corner.id, season_number: 2, episode_number: 3, watched_on: '2025-01-20' })
    // One id sequence for both kinds.
    assert.lengthOf(new Set([movieEntry.id, first.id, second.id]), 3)

    const all = await client.get('/api/v1/me/diary').loginAs(user)
    all.assertStatus(200)
    assert.equal(all.body().meta.total, 3)
    assert.deepEqual(
      all.body().data.map((entry: { id: number }) => entry.id),
      [second.id, movieEntry.id, first.id]
    )
    const [episodeItem, movieItem] = all.body().data
    assert.sameMembers(Object.keys(movieItem), MOVIE_ENTRY_KEYS)
    assert.notProperty(movieItem.movie, 'is_series')
    assert.include(episodeItem.episode, { season_number: 2, episode_number: 3 })
    assert.equal(episodeItem.series.id, corner.id)

    const paged = await client.get('/api/v1/me/diary').qs({ per_page: 2, page: 2 }).loginAs(user)
    assert.deepEqual(
      paged.body().data.map((entry: { id: number }) => entry.id),
      [first.id]
    )
    assert.equal(paged.body().meta.last_page, 2)

    const movies = await client.get('/api/v1/me/diary').qs({ type: 'movie' }).loginAs(user)
    assert.deepEqual(
      movies.body().data.map((entry: { id: number }) => entry.id),
      [movieEntry.id]
    )
    assert.sameMembers(Object.keys(movies.body().data[0]), MOVIE_ENTRY_KEYS)
    const episodes = await client.get('/api/v1/me/diary').qs({ type: 'series' }).loginAs(user)
    assert.deepEqual(
      episodes.body().data.map((entry: { id: number }) => entry.id),
      [second.id, first.id]
    )
    const oneShow = await client.get('/api/v1/me/diary').qs({ series_id: saltmarsh.id }).loginAs(user)
    assert.deepEqual(
      oneShow.body().data.map((entry: { id: number }) => entry.id),
      [first.id]
    )
    const otherYear = await client.get('/api/v1/me/diary').qs({ year: 2024 }).loginAs(user)
    assert.equal(otherYear.body().meta.total, 0)
    assertValidation(assert, await client.get('/api/v1/me/diary').qs({ type: 'tv' }).loginAs(user), 'type')
  })

  test('PATCH and DELETE work on episode entries; another user gets 404', async ({ client, assert }) => {
    const series = await ingest(SALTMARSH)
    const [user, other] = await UserFactory.createMany(2)
    const entry = (
      await client
        .post('/api/v1/me/diary')
        .json({ series_id: series.id, season_number: 1, episode_number: 2, watched_on: '2025-03-01' })
        .loginAs(user)
    ).body()

    const patched = await client
      .patch(`/api/v1/me/diary/${entry.id}`)
      .json({ rating: 3.5, review: 'Twist!', contains_spoilers: true, watched_on: '2025-03-02' })
      .loginAs(user)
    patched.assertStatus(200)
    assert.include(patched.body(), { id: entry.id, rating: 3.5, review: 'Twist!', contains_spoilers: true, watched_on: '2025-03-02' })
    assert.include(patched.body().episode, { season_number: 1, episode_number: 2 })
    const row = await db.from('episode_diary_entries').where('id', entry.id).firstOrFail()
    assert.equal(Number(row.rating), 3.5)
    assert.isTrue(row.contains_spoilers)

    assertValidation(assert, await client.patch(`/api/v1/me/diary/${entry.id}`).json({ rating: 9 }).loginAs(user), 'rating')
    assertError(assert, await client.patch(`/api/v1/me/diary/${entry.id}`).json({ rating: 1 }).loginAs(other), 404, 'E_NOT_FOUND')
    assertError(assert, await client.delete(`/api/v1/me/diary/${entry.id}`).loginAs(other), 404, 'E_NOT_FOUND')
    assert.equal(Number((await db.from('episode_diary_entries').where('id', entry.id).firstOrFail()).rating), 3.5)

    ;(await client.delete(`/api/v1/me/diary/${entry.id}`).loginAs(user)).assertStatus(204)
    assert.equal(await countRows('episode_diary_entries'), 0)
    assertError(assert, await client.delete(`/api/v1/me/diary/${entry.id}`).loginAs(user), 404, 'E_NOT_FOUND')
  })
})
