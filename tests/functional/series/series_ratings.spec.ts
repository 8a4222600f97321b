import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Series from '#models/series'
import { UserFactory } from '#factories/user_factory'
import { syncSeries } from '#services/tmdb/series_sync_service'
import { resetTmdb, testClient } from '#tests/support/fake_tmdb/test_helpers'
import { TV_ID_BASE } from '#tests/support/fake_tmdb/tv_catalogue'

const SALTMARSH = TV_ID_BASE
const CORNER_OFFICE = TV_ID_BASE + 2
const VELVET_HOURS = TV_ID_BASE + 34 // adult

async function ingest(tmdbId: number) {
  return (await syncSeries(tmdbId, { client: testClient() })).series
}

test.group('Series / ratings', (group) => {
  group.each.setup(() => resetTmdb())

  test('PUT /series/:id/rating creates (201) then replaces (200); aggregates follow at once', async ({
    client,
    assert,
  }) => {
    const series = await ingest(SALTMARSH)
    const [alice, bob] = await UserFactory.createMany(2)
    // Cache the detail first: the rating must invalidate it.
    const before = await client.get(`/api/v1/series/${series.id}`)
    assert.isNull(before.body().average_rating)

    const created = await client
      .put(`/api/v1/series/${series.id}/rating`)
      .json({ rating: 4.5, review: 'Slow start, great finale.' })
      .loginAs(alice)
    created.assertStatus(201)
    assert.include(created.body(), { series_id: series.id, rating: 4.5, review: 'Slow start, great finale.', contains_spoilers: false })
    assert.deepEqual(created.body().series, { id: series.id, average_rating: 4.5, rating_count: 1 })

    await client.put(`/api/v1/series/${series.id}/rating`).json({ rating: 3 }).loginAs(bob)
    const replaced = await client.put(`/api/v1/series/${series.id}/rating`).json({ rating: 2.5 }).loginAs(alice)
    replaced.assertStatus(200)
    // An absent review keeps the text.
    assert.equal(replaced.body().review, 'Slow start, great finale.')
    assert.deepEqual(replaced.body().series, { id: series.id, average_rating: 2.75, rating_count: 2 })

    const rows = await db.from('series_ratings').where('series_id', series.id).orderBy('user_id')
    assert.deepEqual(
      rows.map((row) => [row.user_id, Number(row.rating)]),
      [
        [alice.id, 2.5],
        [bob.id, 3],
      ]
    )
    const fresh = await Series.findOrFail(series.id)
    assert.equal(fresh.ratingCount, 2)
    assert.equal(fresh.averageRating, 2.75)

    const detail = await client.get(`/api/v1/series/${series.id}`).loginAs(alice)
    assert.include(detail.body(), { average_rating: 2.75, rating_count: 2, user_rating: 2.5, in_watchlist: false })
    const list = await client.get('/api/v1/series').loginAs(bob)
    assert.include(list.body().data[0], { id: series.id, user_rating: 3, in_watchlist: false })
    assert.notProperty((await client.get('/api/v1/series')).body().data[0], 'user_rating')
    const anonymous = await client.get(`/api/v1/series/${series.id}`)
    assert.notProperty(anonymous.body(), 'user_rating')
  })

  test('bad ratings are 422 and write nothing; no token is 401; unknown or hidden shows are 404', async ({
    client,
    assert,
  }) => {
    const series = await ingest(SALTMARSH)
    const adult = await ingest(VELVET_HOURS)
    const user = await UserFactory.create()

    const bad = await client.put(`/api/v1/series/${series.id}/rating`).json({ rating: 3.7 }).loginAs(user)
    bad.assertStatus(422)
    assert.equal(bad.body().error.details[0].field, 'rating')
    ;(await client.put(`/api/v1/series/${series.id}/rating`).json({}).loginAs(user)).assertStatus(422)
    ;(await client.put(`/api/v1/series/${series.id}/rating`).json({ rating: 4 })).assertStatus(401)
    ;(await client.put('/api/v1/series/999999/rating').json({ rating: 4 }).loginAs(user)).assertStatus(404)
    const hidden = await client.put(`/api/v1/series/${adult.id}/rating`).json({ rating: 4 }).loginAs(user)
    hidden.assertStatus(404)
    assert.equal(hidden.body().error.message, 'Series not found')

    const [count] = await db.from('series_ratings').count('* as total')
    assert.equal(Number(count.total), 0)
  })

  test('DELETE /series/:id/rating is 204, then 404; the aggregates drop back', async ({ client, assert }) => {
    const series = await ingest(SALTMARSH)
    const user = await UserFactory.create()
    await client.put(`/api/v1/series/${series.id}/rating`).json({ rating: 4 }).loginAs(user)

    const removed = await client.delete(`/api/v1/series/${series.id}/rating`).loginAs(user)
    removed.assertStatus(204)
    const fresh = await Series.findOrFail(series.id)
    assert.equal(fresh.ratingCount, 0)
    assert.isNull(fresh.averageRating)

    const again = await client.delete(`/api/v1/series/${series.id}/rating`).loginAs(user)
    again.assertStatus(404)
    assert.equal(again.body().error.code, 'E_NOT_FOUND')
  })

  test('once shows have site ratings, top-rated ranks by them', async ({ client, assert }) => {
    const saltmarsh = await ingest(SALTMARSH)
    const office = await ingest(CORNER_OFFICE)
    const users = await UserFactory.createMany(3)
    for (const user of users) {
      await client.put(`/api/v1/series/${office.id}/rating`).json({ rating: 5 }).loginAs(user)
    }
    await client.put(`/api/v1/series/${saltmarsh.id}/rating`).json({ rating: 1 }).loginAs(users[0])

    const response = await client.get('/api/v1/series/top-rated')
    response.assertStatus(200)
    assert.deepEqual(
      response.body().data.map((item: { id: number }) => item.id),
      [office.id, saltmarsh.id]
    )
  })
})

test.group('Series / episode ratings', (group) => {
  group.each.setup(() => resetTmdb())

  test('PUT an episode rating: 201, then 200; the season shows it to the caller only', async ({
    client,
    assert,
  }) => {
    const series = await ingest(SALTMARSH)
    const user = await UserFactory.create()
    const url = `/api/v1/series/${series.id}/seasons/2/episodes/3/rating`

    const created = await client.put(url).json({ rating: 4 }).loginAs(user)
    created.assertStatus(201)
    const episode = await db.from('episodes').where({ series_id: series.id, season_number: 2, episode_number: 3 }).first()
    assert.include(created.body(), {
      episode_id: episode.id,
      series_id: series.id,
      season_number: 2,
      episode_number: 3,
      rating: 4,
    })

    const replaced = await client.put(url).json({ rating: 3.5 }).loginAs(user)
    replaced.assertStatus(200)
    assert.equal(replaced.body().id, created.body().id)
    const rows = await db.from('episode_ratings').where('user_id', user.id)
    assert.deepEqual(
      rows.map((row) => [row.episode_id, Number(row.rating)]),
      [[episode.id, 3.5]]
    )

    const season = await client.get(`/api/v1/series/${series.id}/seasons/2`).loginAs(user)
    season.assertStatus(200)
    const ratings = season.body().episodes.map((item: { episode_number: number; user_rating: number | null }) => [
      item.episode_number,
      item.user_rating,
    ])
    assert.deepInclude(ratings, [3, 3.5])
    assert.deepInclude(ratings, [1, null])
    const detail = await client.get(`/api/v1/series/${series.id}`).loginAs(user)
    const seasonTwo = detail.body().seasons.find((item: { season_number: number }) => item.season_number === 2)
    assert.equal(seasonTwo.episodes[2].user_rating, 3.5)
    assert.isNull(detail.body().user_rating)

    const anonymous = await client.get(`/api/v1/series/${series.id}/seasons/2`)
    assert.notProperty(anonymous.body().episodes[2], 'user_rating')
  })

  test('unknown seasons or episodes are 404, bad values 422, and nothing is written', async ({
    client,
    assert,
  }) => {
    const series = await ingest(SALTMARSH)
    const user = await UserFactory.create()

    const noSeason = await client.put(`/api/v1/series/${series.id}/seasons/9/episodes/1/rating`).json({ rating: 4 }).loginAs(user)
    noSeason.assertStatus(404)
    assert.equal(noSeason.body().error.message, 'Episode not found')
    ;(await client.put(`/api/v1/series/${series.id}/seasons/1/episodes/99/rating`).json({ rating: 4 }).loginAs(user)).assertStatus(404)
    ;(await client.put(`/api/v1/series/${series.id}/seasons/1/episodes/x/rating`).json({ rating: 4 }).loginAs(user)).assertStatus(404)
    ;(await client.put(`/api/v1/series/999999/seasons/1/episodes/1/rating`).json({ rating: 4 }).loginAs(user)).assertStatus(404)
    const bad = await client.put(`/api/v1/series/${series.id}/seasons/1/episodes/1/rating`).json({ rating: 6 }).loginAs(user)
    bad.assertStatus(422)
    assert.equal(bad.body().error.code, 'E_VALIDATION')

    const [count] = await db.from('episode_ratings').count('* as total')
    assert.equal(Number(count.total), 0)
  })

  test('DELETE an episode rating: 204, then 404', async ({ client, assert }) => {
    const series = await ingest(SALTMARSH)
    const user = await UserFactory.create()
    const url = `/api/v1/series/${series.id}/seasons/1/episodes/1/rating`
    await client.put(url).json({ rating: 2 }).loginAs(user)

    ;(await client.delete(url).loginAs(user)).assertStatus(204)
    const [count] = await db.from('episode_ratings').count('* as total')
    assert.equal(Number(count.total), 0)
    ;(await client.delete(url).loginAs(user)).assertStatus(404)
  })
})
