import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import Movie from '#models/movie'
import Series from '#models/series'
import queue from '#jobs/queue/queue'
import BackfillGapsJob from '#jobs/backfill_gaps_job'
import RefreshWatchlistSeriesJob from '#jobs/refresh_watchlist_series_job'
import SyncSeriesJob from '#jobs/sync_series_job'
import { registerSchedules } from '#jobs/queue/schedules'
import { countGapMovies } from '#services/tmdb/gap_service'
import { UserFactory } from '#factories/user_factory'
import { fakeTmdb } from '#tests/support/services'
import { finished, resetTmdb, waitForQueueIdle } from '#tests/support/fake_tmdb/test_helpers'

async function runAce(command: string, args: string[]) {
  const ace = await app.container.make('ace')
  ace.ui.switchMode('raw')
  const instance = await ace.exec(command, args)
  const output = instance.logger
    .getLogs()
    .map((log) => log.message)
    .join('\n')
  instance.logger.flushLogs()
  return { command: instance, output }
}

/** A movie as the TMDB dump leaves it: details, no credits, poster or certification, never fetched from the API. */
function fromDump(tmdbId: number, title: string) {
  return Movie.create({
    tmdbId,
    title,
    overview: 'From the dump.',
    spokenLanguages: [],
    productionCountries: [],
    metadataSyncedAt: DateTime.utc(),
  })
}

test.group('TMDB / gaps filled continuously', (group) => {
  group.each.setup(() => resetTmdb())

  test('tmdb:sync --gaps --wait fills credits, people, posters and certifications; a re-run queues nothing', async ({
    assert,
  }) => {
    const fight = await fromDump(550, 'Fight Club')
    const avatar = await fromDump(19995, 'Avatar')
    const gone = await fromDump(999_999_990, 'Gone')
    await db.from('movies').where('id', gone.id).update({ tmdb_status: 'not_found' })
    assert.equal(await countGapMovies(), 2)
    await queue.queue('notifications').clean(0, 0, 'completed')

    const { command, output } = await runAce('tmdb:sync', ['--gaps', '--wait'])

    assert.equal(command.exitCode, 0, output)
    assert.match(output, /Queued 2 job\(s\): 2 movie sync\(s\)/)
    for (const movie of [fight, avatar]) {
      await movie.refresh()
      assert.isNotNull(movie.creditsSyncedAt)
      assert.isNotNull(movie.posterPath)
      assert.isNotNull(movie.tmdbCheckedAt)
      assert.equal(movie.certification, fakeTmdb().catalogue.certification(movie.tmdbId!) || null)
    }
    const [{ total: people }] = await db.from('people').count('* as total')
    assert.isAbove(Number(people), 5)
    assert.lengthOf(fakeTmdb().requestsTo('/movie/999999990'), 0)
    // Filling blanks is no news: no notification jobs.
    assert.equal(await queue.queue('notifications').getJobCountByTypes('waiting', 'active', 'completed'), 0)
    assert.equal(await countGapMovies(), 0)

    const again = await runAce('tmdb:sync', ['--gaps'])
    assert.match(again.output, /Nothing to queue/)
  })

  test('the backfill job queues a bounded batch of gap movies per run', async ({ assert }) => {
    await fromDump(550, 'Fight Club')
    await fromDump(19995, 'Avatar')
    await fromDump(680, 'Pulp Fiction')

    const job = await BackfillGapsJob.dispatch({ limit: 2 })
    const result = await finished(job)

    assert.deepEqual(result, { queued: 2, remaining: 1 })
    await waitForQueueIdle()
    assert.equal(await countGapMovies(), 1)
    // The oldest first: the third waits for the next run.
    assert.isNull((await Movie.findByOrFail('tmdb_id', 680)).creditsSyncedAt)
  })

  test('shows on anyone’s watchlist are re-synced for new episodes; others are not', async ({ assert }) => {
    const [watchedId, otherId] = fakeTmdb().tv.ids
    await finished(await SyncSeriesJob.dispatch({ tmdbId: watchedId }))
    await finished(await SyncSeriesJob.dispatch({ tmdbId: otherId }))
    const watched = await Series.findByOrFail('tmdb_id', watchedId)
    const user = await UserFactory.create()
    await db.table('series_watchlist_items').insert({ user_id: user.id, series_id: watched.id })
    fakeTmdb().reset()

    const result = await finished(await RefreshWatchlistSeriesJob.dispatch({}))

    assert.deepEqual(result, { queued: 1 })
    await waitForQueueIdle()
    assert.lengthOf(fakeTmdb().requestsTo(`/tv/${watchedId}`), 1)
    assert.isAbove(fakeTmdb().requestsTo(`/tv/${watchedId}/season/*`).length, 0)
    assert.lengthOf(fakeTmdb().requestsTo(`/tv/${otherId}`), 0)
  })

  test('the worker schedules the backfill, series discovery and watchlist episode refresh', async ({ assert }) => {
    await registerSchedules()

    const schedulers = await queue.queue('metadata').getJobSchedulers()
    const byId = new Map(schedulers.map((scheduler) => [scheduler.key, scheduler]))
    for (const id of [
      'tmdb-gaps-backfill',
      'tmdb-series-trending-day',
      'tmdb-series-trending-week',
      'tmdb-series-popular',
      'tmdb-series-on-the-air',
      'tmdb-series-watchlist',
    ]) {
      assert.isTrue(byId.has(id), `${id} is scheduled`)
    }
    assert.equal(byId.get('tmdb-gaps-backfill')!.name, 'backfill-gaps')
    assert.equal(byId.get('tmdb-series-on-the-air')!.name, 'refresh-series-list')
    for (const scheduler of schedulers) await queue.queue('metadata').removeJobScheduler(scheduler.key)
  })
})
