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
import { countGapCollections, countGapMovies, countGapPeople } from '#services/tmdb/gap_service'
import { COLLECTION_ID_BASE } from '#tests/support/fake_tmdb/catalogue'
import { PERSON_ID_BASE } from '#tests/support/fake_tmdb/names'
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

  test('tmdb:sync --gaps --wait fills credits, posters, certifications and the people’s own pages; a re-run queues nothing', async ({
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
      // Neither is part of a collection in the fake TMDB.
      assert.isNull(movie.collectionId)
    }
    const [{ total: people }] = await db.from('people').count('* as total')
    assert.isAbove(Number(people), 5)
    // The people the movie syncs brought in were queued next, in the same run.
    assert.match(output, new RegExp(`Queued ${people} more job\\(s\\): ${people} person sync\\(s\\), found by the movie syncs`))
    assert.equal(await countGapPeople(), 0)
    const director = await db.from('people').where('known_for_department', 'Directing').orderBy('id').firstOrFail()
    const page = fakeTmdb().catalogue.personDetails(director.tmdb_id)!
    assert.equal(director.place_of_birth, page.place_of_birth)
    assert.equal(director.biography, page.biography || null)
    assert.equal(director.imdb_id, page.imdb_id)
    assert.equal(director.birthday.toISOString().slice(0, 10), page.birthday)
    assert.isNotNull(director.details_synced_at)
    assert.lengthOf(fakeTmdb().requestsTo(`/person/${director.tmdb_id}`), 1)
    assert.lengthOf(fakeTmdb().requestsTo('/movie/999999990'), 0)
    // Filling blanks is no news: no notification jobs.
    assert.equal(await queue.queue('notifications').getJobCountByTypes('waiting', 'active', 'completed'), 0)
    assert.equal(await countGapMovies(), 0)

    const again = await runAce('tmdb:sync', ['--gaps'])
    assert.match(again.output, /Nothing to queue/)
  }).timeout(120_000)

  test('a movie sync links the movie to its collection; the collection’s page links the parts we have', async ({
    assert,
  }) => {
    // Toy Story and Toy Story 2 are in the catalogue; Toy Story 3 is not.
    const first = await fromDump(862, 'Toy Story')
    const second = await fromDump(863, 'Toy Story 2')
    const collectionTmdbId = COLLECTION_ID_BASE + 862

    const { command, output } = await runAce('tmdb:sync', ['--gaps', '--wait'])

    assert.equal(command.exitCode, 0, output)
    assert.match(output, /Queued \d+ more job\(s\): 1 collection sync\(s\), \d+ person sync\(s\)/)
    await first.refresh()
    await second.refresh()
    assert.isNotNull(first.collectionId)
    assert.equal(second.collectionId, first.collectionId)
    const collection = await db.from('collections').where('id', first.collectionId!).firstOrFail()
    const page = fakeTmdb().catalogue.collection(collectionTmdbId, (id) => ({ id }) as never)!
    assert.deepInclude(collection, {
      tmdb_id: collectionTmdbId,
      name: 'Toy Story Collection',
      overview: page.overview,
      poster_path: page.poster_path,
      backdrop_path: page.backdrop_path,
      tmdb_status: null,
    })
    assert.isNotNull(collection.synced_at)
    assert.lengthOf(page.parts, 3)
    // The parts we lack are not added: the catalogue's scope stays the movie syncs'.
    assert.equal(await Movie.query().where('collection_id', first.collectionId!).count('* as n').then((r) => Number(r[0].$extras.n)), 2)
    assert.isNull(await Movie.findBy('tmdb_id', 10193))
    assert.lengthOf(fakeTmdb().requestsTo(`/collection/${collectionTmdbId}`), 1)
    assert.equal(await countGapCollections(), 0)

    // Fetched once: a later movie sync refreshes the name and images, not the page.
    const again = await runAce('tmdb:sync', ['--gaps'])
    assert.match(again.output, /Nothing to queue/)
  }).timeout(120_000)

  test('people and collections TMDB does not have are marked once and not asked again', async ({ assert }) => {
    // Outside the fake's invented people and collections: TMDB answers 404.
    const stranger = await db.table('people').insert({ tmdb_id: 123, name: 'Nobody Known' }).returning('id')
    await db.table('people').insert({ tmdb_id: PERSON_ID_BASE + 5, name: 'Someone Credited' })
    await db.table('collections').insert({ tmdb_id: 77, name: 'Lost Collection' })
    assert.equal(await countGapPeople(), 2)
    assert.equal(await countGapCollections(), 1)

    const { command, output } = await runAce('tmdb:sync', ['--gaps', '--wait'])

    assert.equal(command.exitCode, 0, output)
    assert.match(output, /Queued 3 job\(s\): 1 collection sync\(s\), 2 person sync\(s\)/)
    assert.match(output, /2 not on TMDB/)
    const nobody = await db.from('people').where('id', stranger[0].id).firstOrFail()
    assert.equal(nobody.tmdb_status, 'not_found')
    assert.isNull(nobody.details_synced_at)
    assert.isNull(nobody.biography)
    const lost = await db.from('collections').where('tmdb_id', 77).firstOrFail()
    assert.equal(lost.tmdb_status, 'not_found')
    assert.isNull(lost.synced_at)
    const credited = await db.from('people').where('tmdb_id', PERSON_ID_BASE + 5).firstOrFail()
    assert.isNotNull(credited.details_synced_at)
    // The name TMDB has replaces the one we held; nothing blank overwrote anything.
    assert.equal(credited.name, fakeTmdb().catalogue.personDetails(PERSON_ID_BASE + 5)!.name)
    assert.equal(await countGapPeople(), 0)
    assert.equal(await countGapCollections(), 0)

    const again = await runAce('tmdb:sync', ['--gaps'])
    assert.match(again.output, /Nothing to queue/)
    assert.lengthOf(fakeTmdb().requestsTo('/person/123'), 1)
    assert.lengthOf(fakeTmdb().requestsTo('/collection/77'), 1)
  }).timeout(60_000)

  test('the backfill job queues a bounded batch of gap movies per run', async ({ assert }) => {
    await fromDump(550, 'Fight Club')
    await fromDump(19995, 'Avatar')
    await fromDump(680, 'Pulp Fiction')

    const job = await BackfillGapsJob.dispatch({ limit: 2 })
    const result = await finished(job)

    assert.deepEqual(result, { queued: 2, movies: 2, collections: 0, people: 0, remaining: 1 })
    await waitForQueueIdle()
    assert.equal(await countGapMovies(), 1)
    // The oldest first: the third waits for the next run.
    assert.isNull((await Movie.findByOrFail('tmdb_id', 680)).creditsSyncedAt)
  })

  test('the backfill job spends what the movies leave of its batch on collections, then people', async ({ assert }) => {
    await fromDump(550, 'Fight Club')
    await db.table('collections').insert({ tmdb_id: COLLECTION_ID_BASE + 862, name: 'Toy Story Collection' })
    await db.table('people').insert([
      { tmdb_id: PERSON_ID_BASE + 1, name: 'First Person' },
      { tmdb_id: PERSON_ID_BASE + 2, name: 'Second Person' },
    ])

    const result = await finished(await BackfillGapsJob.dispatch({ limit: 3 }))

    assert.deepEqual(result, { queued: 3, movies: 1, collections: 1, people: 1, remaining: 1 })
    await waitForQueueIdle()
    assert.isNotNull((await db.from('collections').firstOrFail()).synced_at)
    assert.isNotNull((await db.from('people').where('tmdb_id', PERSON_ID_BASE + 1).firstOrFail()).details_synced_at)
    assert.isNull((await db.from('people').where('tmdb_id', PERSON_ID_BASE + 2).firstOrFail()).details_synced_at)
    assert.lengthOf(fakeTmdb().requestsTo(`/person/${PERSON_ID_BASE + 2}`), 0)
  })

  test('the backfill job takes a bad batch size as the nearest allowed one', async ({ assert }) => {
    await fromDump(550, 'Fight Club')
    await fromDump(19995, 'Avatar')

    const result = await finished(await BackfillGapsJob.dispatch({ limit: -5 }))

    assert.deepEqual(result, { queued: 1, movies: 1, collections: 0, people: 0, remaining: 1 })
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
