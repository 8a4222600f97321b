import { test } from '@japa/runner'
import Movie from '#models/movie'
import queue from '#jobs/queue/queue'
import RefreshTrendingJob from '#jobs/refresh_trending_job'
import RefreshPopularJob from '#jobs/refresh_popular_job'
import RefreshUpcomingJob from '#jobs/refresh_upcoming_job'
import SyncChangesJob from '#jobs/sync_changes_job'
import { registerSchedules } from '#jobs/queue/schedules'
import { fakeTmdb } from '#tests/support/services'
import { finished, resetTmdb, testClient, waitForQueueIdle } from '#tests/support/fake_tmdb/test_helpers'

function makeMovie(tmdbId: number, extra: Partial<Movie> = {}) {
  return Movie.create({
    tmdbId,
    title: `Movie ${tmdbId}`,
    spokenLanguages: [],
    productionCountries: [],
    ...extra,
  })
}

test.group('TMDB / refresh jobs', (group) => {
  group.each.setup(() => resetTmdb())

  test('RefreshTrendingJob stores rank scores, resets stale ones and syncs titles we lack', async ({ assert }) => {
    const trending = (await testClient().trending('day', 1)).results.map((item) => item.id)
    const first = await makeMovie(trending[0])
    const third = await makeMovie(trending[2])
    const stale = await makeMovie(1, { trendingDay: 55, trendingWeek: 12 })

    const job = await RefreshTrendingJob.dispatch({ window: 'day', pages: 1 })
    const result = await finished<{ fetched: number; scored: number; queued: number }>(job)

    assert.equal(job.id, 'refresh-trending-day')
    assert.deepEqual(result, { window: 'day', fetched: 20, scored: 2, queued: 18 })
    await first.refresh()
    await third.refresh()
    await stale.refresh()
    assert.equal(first.trendingDay, 100)
    assert.equal(third.trendingDay, 90)
    assert.equal(stale.trendingDay, 0)
    // The other window is left alone.
    assert.equal(stale.trendingWeek, 12)
    const listed = (await testClient().trending('day', 1)).results[0]
    assert.equal(first.popularity, listed.popularity)

    // The 18 unknown trending titles arrive through SyncMovieJob.
    await waitForQueueIdle()
    const synced = await Movie.query().whereIn('tmdb_id', trending).whereNotNull('metadata_synced_at')
    assert.lengthOf(synced, 18)
  })

  test('SyncChangesJob queues a sync for each changed movie we have, and only those', async ({ assert }) => {
    const changedMovie = await makeMovie(550)
    // A movie of ours TMDB did not list as changed in the window.
    const today = new Date()
    const listed = new Set(
      fakeTmdb().changedIds(
        new Date(today.getTime() - 3 * 86_400_000).toISOString().slice(0, 10),
        today.toISOString().slice(0, 10)
      )
    )
    const quietId = fakeTmdb().catalogue.byPopularity.find((id) => !listed.has(id) && id !== 550)!
    const quietMovie = await makeMovie(quietId)
    fakeTmdb().updateMovie(550, { tagline: 'Changed on TMDB today' })

    const job = await SyncChangesJob.dispatch({ hours: 24 })
    const result = await finished<{ changed: number; queued: number; tmdbIds: number[] }>(job)

    assert.equal(job.id, 'sync-changes-24h')
    assert.deepEqual(result.tmdbIds, [550])
    assert.equal(result.queued, 1)
    assert.isAbove(result.changed, 1)
    await waitForQueueIdle()
    await changedMovie.refresh()
    await quietMovie.refresh()
    assert.equal(changedMovie.tagline, 'Changed on TMDB today')
    assert.equal(changedMovie.title, 'Fight Club')
    assert.isNull(quietMovie.metadataSyncedAt)
    assert.lengthOf(fakeTmdb().requestsTo(`/movie/${quietId}`), 0)
  })

  test('SyncChangesJob refuses a window TMDB cannot serve, without retrying', async ({ assert }) => {
    const job = await SyncChangesJob.dispatch({ hours: 24 * 30 })

    const error = await finished(job).catch((caught: unknown) => caught)

    assert.match((error as Error).message, /hours must be between 1 and 336/)
    const failed = (await queue.queue('metadata').getJob('sync-changes-720h'))!
    assert.equal(failed.attemptsMade, 1)
    assert.lengthOf(fakeTmdb().requestsTo('/movie/changes'), 0)
  })

  test('RefreshPopularJob refreshes popularity of titles we have and syncs the rest', async ({ assert }) => {
    const popular = (await testClient().popular(1)).results
    const known = await makeMovie(popular[0].id, { popularity: 1, voteCount: 3 })

    const result = await finished<{ fetched: number; updated: number; queued: number }>(
      await RefreshPopularJob.dispatch({ pages: 1 })
    )

    assert.deepEqual(result, { fetched: 20, updated: 1, queued: 19 })
    await known.refresh()
    assert.equal(known.popularity, popular[0].popularity)
    assert.equal(known.voteCount, popular[0].vote_count)
    await waitForQueueIdle()
    const total = await Movie.query().count('* as total')
    assert.equal(Number(total[0].$extras.total), 20)
  })

  test('RefreshUpcomingJob syncs upcoming titles with their future release dates', async ({ assert }) => {
    const result = await finished<{ fetched: number; queued: number }>(await RefreshUpcomingJob.dispatch({}))

    assert.isAbove(result.fetched, 0)
    assert.equal(result.queued, result.fetched)
    await waitForQueueIdle()
    const movies = await Movie.query().whereNotNull('metadata_synced_at')
    assert.lengthOf(movies, result.fetched)
    const today = new Date().toISOString().slice(0, 10)
    for (const movie of movies) {
      assert.isTrue(movie.releaseDate!.toISODate()! > today, `${movie.title}: ${movie.releaseDate} is not in the future`)
      assert.equal(movie.status, 'Post Production')
    }
  })

  test('the TMDB schedules are registered as UTC job schedulers', async ({ assert }) => {
    const metadata = queue.queue('metadata')
    try {
      await registerSchedules()
      const schedulers = await metadata.getJobSchedulers()
      const byId = new Map(schedulers.map((scheduler) => [scheduler.key, scheduler]))
      assert.equal(byId.get('tmdb-trending-day')?.pattern, '5 * * * *')
      assert.equal(byId.get('tmdb-trending-day')?.name, 'refresh-trending')
      assert.equal(byId.get('tmdb-trending-week')?.tz, 'UTC')
      assert.equal(byId.get('tmdb-changes')?.pattern, '15 */6 * * *')
      assert.deepEqual(byId.get('tmdb-changes')?.template?.data, { hours: 7 })
      assert.isTrue(byId.has('tmdb-popular'))
      assert.isTrue(byId.has('tmdb-upcoming'))
    } finally {
      // Registered as the suite keeps them (/health checks them), without their next runs.
      await registerSchedules()
      for (const name of queue.names) await queue.queue(name).drain(true)
    }
  })
})
