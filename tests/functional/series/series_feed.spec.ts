import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import { syncSeries } from '#services/tmdb/series_sync_service'
import { resetTmdb, testClient } from '#tests/support/fake_tmdb/test_helpers'
import { TV_ID_BASE } from '#tests/support/fake_tmdb/tv_catalogue'
import { countRows, eventually, makeFriends } from '#tests/functional/social/helpers'

const SALTMARSH = TV_ID_BASE
const ASHFALL = TV_ID_BASE + 7 // TV-MA

async function ingest(tmdbId: number) {
  return (await syncSeries(tmdbId, { client: testClient() })).series
}

interface Item {
  id: number
  type: string
  user: { id: number }
  movie: { id: number } | null
  series?: { id: number; is_series: boolean; name: string; user_rating?: number | null; in_watchlist?: boolean }
  episode?: { season_number: number; episode_number: number; name: string | null }
  diary_entry?: { id: number; watched_on: string; rewatch: boolean; rating: number | null }
}

async function feedOf(client: ApiClient, user: User): Promise<Item[]> {
  const response = await client.get('/api/v1/me/feed').loginAs(user)
  response.assertStatus(200)
  return response.body().data
}

/** Waits for the fan-out job to put `count` items in the feed. */
async function feedWith(client: ApiClient, user: User, count: number) {
  return eventually(async () => {
    const items = await feedOf(client, user)
    return items.length === count && items
  })
}

async function logEpisode(client: ApiClient, user: User, body: Record<string, unknown>) {
  const response = await client.post('/api/v1/me/diary').json(body).loginAs(user)
  response.assertStatus(201)
  return response.body() as { id: number }
}

test.group('Series / episode diary entries in the feed', (group) => {
  group.each.setup(() => resetTmdb())

  test("a friend's logged episode is a diary_entry with the show and the episode; movie items are unchanged", async ({
    client,
    assert,
  }) => {
    const series = await ingest(SALTMARSH)
    const movie = await MovieFactory.create()
    const [me, friend, stranger] = await UserFactory.createMany(3)
    await makeFriends(me, friend)
    const movieEntry = await logEpisode(client, friend, { movie_id: movie.id, watched_on: '2026-11-01', rating: 4 })
    const entry = await logEpisode(client, friend, {
      series_id: series.id,
      season_number: 2,
      episode_number: 3,
      watched_on: '2026-11-02',
      rating: 4.5,
    })
    await logEpisode(client, stranger, { series_id: series.id, season_number: 1, episode_number: 1, watched_on: '2026-11-02' })

    const activity = await db.from('activities').where({ user_id: friend.id, subject_id: entry.id }).first()
    assert.include(activity, { type: 'diary_entry', movie_id: null })
    // The viewer's own per-show fields, as on movie items.
    await client.put(`/api/v1/series/${series.id}/rating`).json({ rating: 3 }).loginAs(me)

    const items = await feedWith(client, me, 2)
    const episode = await db.from('episodes').where({ series_id: series.id, season_number: 2, episode_number: 3 }).first()
    assert.deepEqual(
      items.map((item) => [item.type, item.diary_entry?.id]),
      [
        ['diary_entry', entry.id],
        ['diary_entry', movieEntry.id],
      ]
    )
    const [episodeItem, movieItem] = items
    assert.isNull(episodeItem.movie)
    assert.equal(episodeItem.user.id, friend.id)
    assert.include(episodeItem.series!, { id: series.id, is_series: true, name: series.name, user_rating: 3, in_watchlist: false })
    assert.deepEqual(episodeItem.episode, { season_number: 2, episode_number: 3, name: episode.name })
    assert.deepEqual(episodeItem.diary_entry, { id: entry.id, watched_on: '2026-11-02', rewatch: false, rating: 4.5 })
    // Movie entries keep their shape: the movie, no series or episode keys.
    assert.equal(movieItem.movie!.id, movie.id)
    assert.notProperty(movieItem, 'series')
    assert.notProperty(movieItem, 'episode')
    assert.deepEqual(movieItem.diary_entry, { id: movieEntry.id, watched_on: '2026-11-01', rewatch: false, rating: 4 })
    // Only friends get it.
    assert.deepEqual(await feedOf(client, stranger), [])
  })

  test('an edited or deleted episode entry, and the show changing, show at once in a cached page', async ({
    client,
    assert,
  }) => {
    const series = await ingest(SALTMARSH)
    const [me, friend] = await UserFactory.createMany(2)
    await makeFriends(me, friend)
    const entry = await logEpisode(client, friend, { series_id: series.id, season_number: 1, episode_number: 2, watched_on: '2026-11-01' })
    await feedWith(client, me, 1)

    ;(await client.patch(`/api/v1/me/diary/${entry.id}`).json({ watched_on: '2026-11-03', rating: 2 }).loginAs(friend)).assertStatus(200)
    let [item] = await feedOf(client, me)
    assert.deepEqual(item.diary_entry, { id: entry.id, watched_on: '2026-11-03', rewatch: false, rating: 2 })

    // The reader's own watchlist is part of the show's summary.
    ;(await client.put(`/api/v1/me/watchlist/series/${series.id}`).loginAs(me)).assertStatus(201)
    ;[item] = await feedOf(client, me)
    assert.isTrue(item.series!.in_watchlist)

    // Someone else's rating moves the show's figures (series:<id> tag).
    const rater = await UserFactory.create()
    await client.put(`/api/v1/series/${series.id}/rating`).json({ rating: 5 }).loginAs(rater)
    ;[item] = await feedOf(client, me)
    assert.include(item.series!, { average_rating: 5, rating_count: 1 })

    ;(await client.delete(`/api/v1/me/diary/${entry.id}`).loginAs(friend)).assertStatus(204)
    assert.deepEqual(await feedOf(client, me), [])
    // The activity row stays (left out when hydrating), as for movie entries.
    assert.equal(await countRows('activities', { subject_id: entry.id }), 1)
  })

  test('a show hidden by the maturity filter, or a blocked friend, leaves the item out; a bad entry writes no activity', async ({
    client,
    assert,
  }) => {
    const adultShow = await ingest(ASHFALL)
    const series = await ingest(SALTMARSH)
    const [teen, friend, other] = await UserFactory.createMany(3)
    await teen.merge({ maturityFilter: 'teen' }).save()
    await makeFriends(teen, friend)
    await makeFriends(other, friend)
    await logEpisode(client, friend, { series_id: adultShow.id, season_number: 1, episode_number: 1, watched_on: '2026-11-01' })

    // The other friend sees it; the teen does not (TV-MA).
    const forOther = await feedWith(client, other, 1)
    assert.equal(forOther[0].series!.id, adultShow.id)
    assert.equal(await countRows('feed_items', { owner_id: teen.id }), 1)
    assert.deepEqual(await feedOf(client, teen), [])

    // A block between reader and author removes the author's items.
    await logEpisode(client, friend, { series_id: series.id, season_number: 1, episode_number: 1, watched_on: '2026-11-02' })
    await feedWith(client, other, 2)
    const blocked = await client.put(`/api/v1/me/blocks/${friend.id}`).loginAs(other)
    assert.isBelow(blocked.status(), 300)
    assert.deepEqual(await feedOf(client, other), [])

    // Bad input: 4xx, no entry, no activity.
    const before = await countRows('activities')
    ;(await client.post('/api/v1/me/diary').json({ series_id: series.id, season_number: 99, episode_number: 1, watched_on: '2026-11-03' }).loginAs(friend)).assertStatus(404)
    ;(await client.post('/api/v1/me/diary').json({ series_id: series.id, season_number: 1, watched_on: '2026-11-03' }).loginAs(friend)).assertStatus(422)
    assert.equal(await countRows('activities'), before)
    assert.equal(await countRows('episode_diary_entries'), 2)
  })
})
