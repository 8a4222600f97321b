import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#factories/user_factory'
import { syncSeries } from '#services/tmdb/series_sync_service'
import { fakeTmdb } from '#tests/support/services'
import { resetTmdb, testClient } from '#tests/support/fake_tmdb/test_helpers'
import { TV_ID_BASE } from '#tests/support/fake_tmdb/tv_catalogue'

const SALTMARSH = TV_ID_BASE // ended, four seasons
const LANTERNS = TV_ID_BASE + 1 // in production: its last season is still airing
const VELVET_HOURS = TV_ID_BASE + 34 // adult

async function ingest(tmdbId: number) {
  return (await syncSeries(tmdbId, { client: testClient() })).series
}

test.group('Series / watchlist and watched episodes', (group) => {
  group.each.setup(() => resetTmdb())

  test('PUT /me/watchlist/series/:id adds (201, then 200); GET lists it with S1E1 as next episode', async ({
    client,
    assert,
  }) => {
    const series = await ingest(SALTMARSH)
    const user = await UserFactory.create()

    const added = await client.put(`/api/v1/me/watchlist/series/${series.id}`).loginAs(user)
    added.assertStatus(201)
    assert.equal(added.body().series.id, series.id)
    assert.isTrue(added.body().series.is_series)
    assert.include(added.body().next_episode, { season_number: 1, episode_number: 1 })
    assert.equal(added.body().watched_episodes, 0)
    ;(await client.put(`/api/v1/me/watchlist/series/${series.id}`).loginAs(user)).assertStatus(200)

    const rows = await db.from('series_watchlist_items').where('user_id', user.id)
    assert.deepEqual(
      rows.map((row) => row.series_id),
      [series.id]
    )

    const list = await client.get('/api/v1/me/watchlist/series').loginAs(user)
    list.assertStatus(200)
    assert.equal(list.body().meta.total, 1)
    const [item] = list.body().data
    assert.equal(item.series.tmdb_id, SALTMARSH)
    assert.equal(item.aired_episodes, series.numberOfEpisodes)
    assert.equal(item.next_episode.name, fakeTmdb().tv.season(SALTMARSH, 1)!.episodes[0].name)

    // The catalogue shows it as on the caller's watchlist.
    const search = await client.get('/api/v1/series/search').qs({ q: 'saltmarsh' }).loginAs(user)
    assert.include(search.body().data[0], { id: series.id, in_watchlist: true, user_rating: null })
    const detail = await client.get(`/api/v1/series/${series.id}`).loginAs(user)
    assert.isTrue(detail.body().in_watchlist)
  })

  test('watching episodes moves "next episode to watch" on, across seasons, until caught up', async ({
    client,
    assert,
  }) => {
    const series = await ingest(SALTMARSH)
    const user = await UserFactory.create()
    await client.put(`/api/v1/me/watchlist/series/${series.id}`).loginAs(user)
    const seasonOne = fakeTmdb().tv.season(SALTMARSH, 1)!
    const last = seasonOne.episodes.length

    const marked = await client.put(`/api/v1/series/${series.id}/seasons/1/episodes/1/watched`).loginAs(user)
    marked.assertStatus(201)
    assert.include(marked.body(), { series_id: series.id, season_number: 1, episode_number: 1 })
    ;(await client.put(`/api/v1/series/${series.id}/seasons/1/episodes/1/watched`).loginAs(user)).assertStatus(200)

    let item = (await client.get('/api/v1/me/watchlist/series').loginAs(user)).body().data[0]
    assert.include(item.next_episode, { season_number: 1, episode_number: 2 })
    assert.equal(item.watched_episodes, 1)

    // Skipping to the season finale: next is season 2, episode 1.
    await client.put(`/api/v1/series/${series.id}/seasons/1/episodes/${last}/watched`).loginAs(user)
    item = (await client.get('/api/v1/me/watchlist/series').loginAs(user)).body().data[0]
    assert.include(item.next_episode, { season_number: 2, episode_number: 1 })

    // The final episode of the show: caught up.
    const finalSeason = fakeTmdb().tv.season(SALTMARSH, 4)!
    await client
      .put(`/api/v1/series/${series.id}/seasons/4/episodes/${finalSeason.episodes.length}/watched`)
      .loginAs(user)
    item = (await client.get('/api/v1/me/watchlist/series').loginAs(user)).body().data[0]
    assert.isNull(item.next_episode)

    const watches = await db.from('episode_watches').where('user_id', user.id)
    assert.lengthOf(watches, 3)

    ;(await client.delete(`/api/v1/series/${series.id}/seasons/4/episodes/${finalSeason.episodes.length}/watched`).loginAs(user)).assertStatus(204)
    item = (await client.get('/api/v1/me/watchlist/series').loginAs(user)).body().data[0]
    assert.include(item.next_episode, { season_number: 2, episode_number: 1 })
    ;(await client.delete(`/api/v1/series/${series.id}/seasons/4/episodes/1/watched`).loginAs(user)).assertStatus(404)
  })

  test('a show still airing offers no episode that has not aired yet', async ({ client, assert }) => {
    const series = await ingest(LANTERNS)
    const user = await UserFactory.create()
    await client.put(`/api/v1/me/watchlist/series/${series.id}`).loginAs(user)
    const today = new Date().toISOString().slice(0, 10)
    const lastSeason = fakeTmdb().tv.season(LANTERNS, 3)!
    const airedInLast = lastSeason.episodes.filter((episode) => episode.air_date! <= today)

    const lastAired = airedInLast.at(-1)!
    await client.put(`/api/v1/series/${series.id}/seasons/3/episodes/${lastAired.episode_number}/watched`).loginAs(user)

    const item = (await client.get('/api/v1/me/watchlist/series').loginAs(user)).body().data[0]
    assert.isNull(item.next_episode)
    assert.isBelow(item.aired_episodes, series.numberOfEpisodes)
  })

  test('unknown shows, seasons or episodes are 404; removing twice is 404; hidden shows are 404', async ({
    client,
    assert,
  }) => {
    const series = await ingest(SALTMARSH)
    const adult = await ingest(VELVET_HOURS)
    const user = await UserFactory.create()

    ;(await client.put('/api/v1/me/watchlist/series/999999').loginAs(user)).assertStatus(404)
    ;(await client.put(`/api/v1/me/watchlist/series/${adult.id}`).loginAs(user)).assertStatus(404)
    const noEpisode = await client.put(`/api/v1/series/${series.id}/seasons/9/episodes/1/watched`).loginAs(user)
    noEpisode.assertStatus(404)
    assert.equal(noEpisode.body().error.message, 'Episode not found')
    ;(await client.put(`/api/v1/series/${series.id}/seasons/1/episodes/99/watched`).loginAs(user)).assertStatus(404)
    ;(await client.delete(`/api/v1/me/watchlist/series/${series.id}`).loginAs(user)).assertStatus(404)
    ;(await client.get('/api/v1/me/watchlist/series')).assertStatus(401)
    ;(await client.get('/api/v1/me/watchlist/series').qs({ per_page: 0 }).loginAs(user)).assertStatus(422)

    await client.put(`/api/v1/me/watchlist/series/${series.id}`).loginAs(user)
    ;(await client.delete(`/api/v1/me/watchlist/series/${series.id}`).loginAs(user)).assertStatus(204)
    const [watchlist] = await db.from('series_watchlist_items').count('* as total')
    const [watches] = await db.from('episode_watches').count('* as total')
    assert.equal(Number(watchlist.total), 0)
    assert.equal(Number(watches.total), 0)
  })
})
