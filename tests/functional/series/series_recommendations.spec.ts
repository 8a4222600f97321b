import { test } from '@japa/runner'
import { GenreFactory } from '#factories/genre_factory'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import { syncSeries } from '#services/tmdb/series_sync_service'
import { resetTmdb, testClient } from '#tests/support/fake_tmdb/test_helpers'
import { TV_ID_BASE } from '#tests/support/fake_tmdb/tv_catalogue'
import { assertError, assertValidation, countRows } from '#tests/functional/engagement/helpers'

const SALTMARSH = TV_ID_BASE // Crime, Drama, Mystery
const LANTERNS = TV_ID_BASE + 1 // Sci-Fi & Fantasy, Action & Adventure
const CORNER_OFFICE = TV_ID_BASE + 2 // Comedy
const NORTHBOUND = TV_ID_BASE + 3 // Drama
const QUIET_ORBIT = TV_ID_BASE + 4 // Sci-Fi & Fantasy, Drama
const KETTLEBY = TV_ID_BASE + 19 // Crime, Mystery
const DEEPWATER = TV_ID_BASE + 21 // Sci-Fi & Fantasy, Action & Adventure

async function ingest(tmdbId: number) {
  return (await syncSeries(tmdbId, { client: testClient() })).series
}

interface Pick {
  movie: { id: number; is_series?: boolean }
  series: { id: number; is_series: boolean }
  score: number
  reason: { type: string; text: string }
}

test.group('Series / GET /me/recommendations?type=series', (group) => {
  group.each.setup(() => resetTmdb())

  test('liked movie genres map onto TV genres by name; rated and watchlisted shows never come back', async ({
    client,
    assert,
  }) => {
    const lanterns = await ingest(LANTERNS)
    const orbit = await ingest(QUIET_ORBIT)
    const deepwater = await ingest(DEEPWATER)
    const saltmarsh = await ingest(SALTMARSH)
    const corner = await ingest(CORNER_OFFICE)
    const user = await UserFactory.create()
    // TMDB's movie genre "Science Fiction" (878) has no TV twin of that name.
    const scienceFiction = await GenreFactory.merge({ id: 878, name: 'Science Fiction' }).create()
    const movie = await MovieFactory.create()
    await movie.related('genres').sync([scienceFiction.id])
    ;(await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 4.5 }).loginAs(user)).assertStatus(201)
    // A low rating still means "seen": excluded, like the watchlist.
    await client.put(`/api/v1/series/${lanterns.id}/rating`).json({ rating: 2 }).loginAs(user)
    await client.put(`/api/v1/me/watchlist/series/${orbit.id}`).loginAs(user)

    const response = await client.get('/api/v1/me/recommendations').qs({ type: 'series' }).loginAs(user)
    response.assertStatus(200)
    const picks: Pick[] = response.body().data
    assert.deepEqual(
      picks.map((pick) => pick.series.id),
      [deepwater.id, ...[saltmarsh, corner].sort((a, b) => b.popularity - a.popularity || a.id - b.id).map((s) => s.id)]
    )
    assert.deepInclude(picks[0].reason, { type: 'popular_in_genre', text: 'Because you like Sci-Fi & Fantasy' })
    assert.deepEqual(picks[1].reason.type, 'trending')
    for (const pick of picks) {
      assert.deepEqual(pick.movie, pick.series)
      assert.isTrue(pick.series.is_series)
      assert.isAtLeast(pick.score, 0)
      assert.isAtMost(pick.score, 1)
    }
    assert.isAbove(picks[0].score, picks[1].score)
    assert.isAtLeast(picks[1].score, picks[2].score)

    // The watchlist comes back only when asked for.
    const withWatchlist = await client
      .get('/api/v1/me/recommendations')
      .qs({ type: 'series', include_watchlist: true })
      .loginAs(user)
    const ids = withWatchlist.body().data.map((pick: Pick) => pick.series.id)
    assert.include(ids, orbit.id)
    assert.notInclude(ids, lanterns.id)

    const limited = await client.get('/api/v1/me/recommendations').qs({ type: 'series', limit: 1 }).loginAs(user)
    assert.deepEqual(
      limited.body().data.map((pick: Pick) => pick.series.id),
      [deepwater.id]
    )
    // Reading recommendations writes nothing.
    assert.equal(await countRows('series_watchlist_items'), 1)
  })

  test('a liked series pulls shows of its genres up; watching an episode excludes a show at once', async ({
    client,
    assert,
  }) => {
    const saltmarsh = await ingest(SALTMARSH)
    const kettleby = await ingest(KETTLEBY)
    const northbound = await ingest(NORTHBOUND)
    const corner = await ingest(CORNER_OFFICE)
    const user = await UserFactory.create()
    await client.put(`/api/v1/series/${saltmarsh.id}/rating`).json({ rating: 5 }).loginAs(user)

    const picks: Pick[] = (await client.get('/api/v1/me/recommendations').qs({ type: 'series' }).loginAs(user)).body().data
    assert.deepEqual(
      picks.map((pick) => pick.series.id),
      [kettleby.id, northbound.id, corner.id]
    )
    assert.equal(picks[0].reason.type, 'popular_in_genre')
    assert.equal(picks[1].reason.text, 'Because you like Drama')
    assert.equal(picks[2].reason.type, 'trending')

    await client.put(`/api/v1/series/${kettleby.id}/seasons/1/episodes/1/watched`).loginAs(user)
    const after: Pick[] = (await client.get('/api/v1/me/recommendations').qs({ type: 'series' }).loginAs(user)).body().data
    assert.deepEqual(
      after.map((pick) => pick.series.id),
      [northbound.id, corner.id]
    )
  })

  test('no type and type=movie are the movie list, unchanged; bad type is 422; a token is required', async ({
    client,
    assert,
  }) => {
    await ingest(SALTMARSH)
    await MovieFactory.createMany(3)
    const user = await UserFactory.create()

    const plain = await client.get('/api/v1/me/recommendations').loginAs(user)
    plain.assertStatus(200)
    const movies = await client.get('/api/v1/me/recommendations').qs({ type: 'movie' }).loginAs(user)
    assert.deepEqual(movies.body(), plain.body())
    assert.isAbove(plain.body().data.length, 0)
    for (const pick of plain.body().data) {
      assert.notProperty(pick, 'series')
      assert.notProperty(pick.movie, 'is_series')
    }

    assertValidation(assert, await client.get('/api/v1/me/recommendations').qs({ type: 'tv' }).loginAs(user), 'type')
    assertError(assert, await client.get('/api/v1/me/recommendations').qs({ type: 'series' }), 401, 'E_UNAUTHORIZED')
  })
})
