import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import emitter from '@adonisjs/core/services/emitter'
import type User from '#models/user'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import { syncSeries } from '#services/tmdb/series_sync_service'
import { resetTmdb, testClient } from '#tests/support/fake_tmdb/test_helpers'
import { TV_ID_BASE } from '#tests/support/fake_tmdb/tv_catalogue'
import { eventually, makeFriends } from '#tests/functional/social/helpers'

/*
| Series writers invalidate as movie writers do (issue 16: one path for both
| kinds, title_kinds.ts): the show's cached pages (tag `series:<id>`) and
| everything derived from the writer's library, through `user:library_changed`.
*/

const SALTMARSH = TV_ID_BASE

async function ingest(tmdbId: number) {
  return (await syncSeries(tmdbId, { client: testClient() })).series
}

interface FeedItem {
  series?: { id: number; user_rating: number | null; in_watchlist: boolean; average_rating: number | null }
}

async function feedItems(client: ApiClient, user: User): Promise<FeedItem[]> {
  const response = await client.get('/api/v1/me/feed').loginAs(user)
  response.assertStatus(200)
  return response.body().data
}

test.group('Series / writes invalidate cached pages as movie writes do', (group) => {
  group.each.setup(() => resetTmdb())
  group.each.teardown(() => emitter.restore())

  test("the show's ETag and a cached feed page showing it change at once after the reader's series rating and watchlist writes", async ({
    client,
    assert,
  }) => {
    const series = await ingest(SALTMARSH)
    const [me, friend] = await UserFactory.createMany(2)
    await makeFriends(me, friend)
    const logged = await client
      .post('/api/v1/me/diary')
      .json({ series_id: series.id, season_number: 1, episode_number: 1, watched_on: '2026-11-01' })
      .loginAs(friend)
    logged.assertStatus(201)
    // The fan-out is a job: wait for the item (the page is cached from here on).
    const first = await eventually(async () => {
      const items = await feedItems(client, me)
      return items.length === 1 && items[0]
    })
    assert.include(first.series, { id: series.id, user_rating: null, in_watchlist: false })

    const detail = await client.get(`/api/v1/series/${series.id}`).loginAs(me)
    const etag = String(detail.header('etag'))
    assert.match(etag, /^"[\w-]+"$/)
    ;(await client.get(`/api/v1/series/${series.id}`).loginAs(me).header('If-None-Match', etag)).assertStatus(304)

    // A series rating: the caller's field and the show's figures, at once.
    ;(await client.put(`/api/v1/series/${series.id}/rating`).json({ rating: 4 }).loginAs(me)).assertStatus(201)
    const rated = await client.get(`/api/v1/series/${series.id}`).loginAs(me).header('If-None-Match', etag)
    rated.assertStatus(200)
    assert.include(rated.body(), { user_rating: 4, average_rating: 4, rating_count: 1 })
    const ratedTag = String(rated.header('etag'))
    assert.notEqual(ratedTag, etag)
    assert.include((await feedItems(client, me))[0].series, { user_rating: 4, average_rating: 4, rating_count: 1 })

    // A watchlist add, then its removal.
    ;(await client.put(`/api/v1/me/watchlist/series/${series.id}`).loginAs(me)).assertStatus(201)
    const listed = await client.get(`/api/v1/series/${series.id}`).loginAs(me).header('If-None-Match', ratedTag)
    listed.assertStatus(200)
    assert.isTrue(listed.body().in_watchlist)
    assert.isTrue((await feedItems(client, me))[0].series!.in_watchlist)
    ;(await client.delete(`/api/v1/me/watchlist/series/${series.id}`).loginAs(me)).assertStatus(204)
    const unlisted = await client.get(`/api/v1/series/${series.id}`).loginAs(me).header('If-None-Match', String(listed.header('etag')))
    unlisted.assertStatus(200)
    assert.isFalse(unlisted.body().in_watchlist)
    assert.isFalse((await feedItems(client, me))[0].series!.in_watchlist)
  })

  test('series rating, watchlist and favourite writes announce user:library_changed, as the movie ones do', async ({
    client,
    assert,
  }) => {
    const series = await ingest(SALTMARSH)
    const movie = await MovieFactory.create()
    const user = await UserFactory.create()
    const events = emitter.fake(['user:library_changed'])
    const changes = () =>
      events
        .all()
        .filter((event) => event.event === 'user:library_changed')
        .map((event) => (event.data as { userId: number; change: string }).change)

    type Write = [method: 'put' | 'patch' | 'delete', url: string, body?: Record<string, unknown>]
    const writesOn = (rating: string, watchlist: string, favorite: string): Write[] => [
      ['put', rating, { rating: 4 }],
      ['delete', rating],
      ['put', watchlist],
      ['patch', watchlist, { watched: true }],
      ['delete', watchlist],
      ['put', favorite],
      ['delete', favorite],
    ]
    const run = async (writes: Write[]) => {
      for (const [method, url, body] of writes) {
        const request = client[method](url).loginAs(user)
        const response = await (body ? request.json(body) : request)
        assert.isBelow(response.status(), 300, `${method} ${url}`)
      }
    }

    await run(
      writesOn(
        `/api/v1/series/${series.id}/rating`,
        `/api/v1/me/watchlist/series/${series.id}`,
        `/api/v1/me/favorites/series/${series.id}`
      )
    )
    const seriesChanges = changes()
    assert.deepEqual(seriesChanges, ['rating', 'rating', 'watchlist', 'watchlist', 'watchlist', 'favorite', 'favorite'])

    // The same writes on a movie announce the same changes.
    await run(writesOn(`/api/v1/movies/${movie.id}/rating`, `/api/v1/me/watchlist/${movie.id}`, `/api/v1/me/favorites/${movie.id}`))
    assert.deepEqual(changes().slice(seriesChanges.length), seriesChanges)
    for (const event of events.all()) assert.equal((event.data as { userId: number }).userId, user.id)
  })
})
