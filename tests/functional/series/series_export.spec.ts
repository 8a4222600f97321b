import { test } from '@japa/runner'
import { UserFactory } from '#factories/user_factory'
import { syncSeries } from '#services/tmdb/series_sync_service'
import { resetTmdb, testClient } from '#tests/support/fake_tmdb/test_helpers'
import { TV_ID_BASE } from '#tests/support/fake_tmdb/tv_catalogue'
import { downloadExport, exportReady, readZip } from '#tests/support/exports'

const SALTMARSH = TV_ID_BASE

test.group('Series / data export', (group) => {
  group.each.setup(() => resetTmdb())

  test("the export holds the user's series ratings, episode ratings, watchlist, favourites, episode diary and watch marks", async ({ client, assert }) => {
    const series = (await syncSeries(SALTMARSH, { client: testClient() })).series
    const [user, other] = await UserFactory.createMany(2)
    ;(await client.put(`/api/v1/me/watchlist/series/${series.id}`).loginAs(user)).assertStatus(201)
    ;(await client.put(`/api/v1/me/favorites/series/${series.id}`).loginAs(user)).assertStatus(201)
    ;(await client.put(`/api/v1/series/${series.id}/rating`).loginAs(user).json({ rating: 4, review: 'Bleak and brilliant' })).assertStatus(201)
    ;(await client.put(`/api/v1/series/${series.id}/seasons/1/episodes/2/rating`).loginAs(user).json({ rating: 3.5 })).assertStatus(201)
    ;(await client
      .post('/api/v1/me/diary')
      .loginAs(user)
      .json({ series_id: series.id, season_number: 1, episode_number: 1, watched_on: '2025-03-01' })).assertStatus(201)
    ;(await client.put(`/api/v1/series/${series.id}/rating`).loginAs(other).json({ rating: 1, review: 'Not for me, says the other user' })).assertStatus(201)

    const requested = await client.post('/api/v1/me/export').loginAs(user)
    requested.assertStatus(202)
    const status = await exportReady(client, user, requested.body().export_id)
    assert.equal(status.status, 'ready')
    const files = await readZip((await downloadExport(client, new URL(status.download_url).pathname, user)).body() as Buffer)

    const json = (name: string) => JSON.parse(files.get(`${name}.json`)!)
    assert.deepEqual(
      json('series_ratings').map((row: { series_name: string; rating: number; review: string }) => [row.series_name, row.rating, row.review]),
      [[series.name, 4, 'Bleak and brilliant']]
    )
    assert.deepEqual(
      json('episode_ratings').map((row: { season_number: number; episode_number: number; rating: number }) => [row.season_number, row.episode_number, row.rating]),
      [[1, 2, 3.5]]
    )
    assert.deepEqual(json('series_watchlist').map((row: { series_id: number }) => row.series_id), [series.id])
    assert.deepEqual(json('series_favorites').map((row: { series_id: number }) => row.series_id), [series.id])
    assert.deepEqual(
      json('episode_diary').map((row: { episode_number: number; watched_on: string }) => [row.episode_number, row.watched_on]),
      [[1, '2025-03-01']]
    )
    // Logging the episode marked it watched.
    assert.deepEqual(json('episodes_watched').map((row: { season_number: number; episode_number: number }) => [row.season_number, row.episode_number]), [[1, 1]])
    assert.equal(files.get('series_ratings.csv')!.split('\r\n')[0], 'series_id,series_tmdb_id,series_name,rating,review,contains_spoilers,rated_at,updated_at')
    assert.notInclude([...files.values()].join('\n'), 'Not for me, says the other user')
  }).timeout(30_000)
})
