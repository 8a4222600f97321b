import { createServer, type AddressInfo } from 'node:net'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { Secret } from '@adonisjs/core/helpers'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import Movie from '#models/movie'
import queue from '#jobs/queue/queue'
import type { DumpImportSummary } from '#services/tmdb/dump_import_service'
import { fakeTmdb, fakeTmdbDataDir } from '#tests/support/services'
import FakeTmdbServer from '#tests/support/fake_tmdb/fake_tmdb_server'
import { DEVELOPMENT_TMDB_TOKEN } from '#services/tmdb/local_tmdb'
import { resetTmdb, testClient, waitForQueueIdle } from '#tests/support/fake_tmdb/test_helpers'

const FIXTURE_DIR = app.makePath('tests', 'fixtures', 'tmdb')

async function runAce(command: string, args: string[]) {
  const ace = await app.container.make('ace')
  ace.ui.switchMode('raw')
  const instance = await ace.exec(command, args)
  const logs = instance.logger.getLogs().map((log) => log.message)
  instance.logger.flushLogs()
  return { command: instance, logs, output: logs.join('\n') }
}

/** A port nothing listens on (bound, then released). */
async function freePort() {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

function makeMovie(values: Partial<Movie>) {
  return Movie.create({ title: 'Untitled', spokenLanguages: [], productionCountries: [], ...values })
}

test.group('TMDB / tmdb:import-dump', (group) => {
  group.each.setup(() => resetTmdb())

  test('enriches the catalogue movies found in the dump and leaves the others alone', async ({ assert }) => {
    const harbor = await makeMovie({ tmdbId: 900001, title: 'Harbor Lights (2011)', movielensId: 501 })
    const orchard = await makeMovie({
      tmdbId: 900002,
      title: 'Quiet Orchard',
      tagline: 'Keep me',
      runtime: 101,
      homepage: 'http://orchard.example/',
      budget: 2_000_000,
    })
    const elsewhere = await makeMovie({ tmdbId: 123456, title: 'Not in the dump', overview: 'Untouched' })
    const unlinked = await makeMovie({ title: 'No TMDB id' })

    const { command, output } = await runAce('tmdb:import-dump', [FIXTURE_DIR])

    assert.equal(command.exitCode, 0)
    const summary = command.result as DumpImportSummary
    assert.deepInclude(summary, { rows: 4, matched: 2, updated: 2, created: 0, skipped: 1 })
    assert.lengthOf(summary.failed, 1)
    assert.equal(summary.failed[0].reason, 'column genres is not valid JSON')
    assert.equal(summary.failed[0].line, 6)
    assert.match(output, /2 matched, 2 updated, 0 created, 1 skipped/)
    assert.match(output, /column genres is not valid JSON/)

    await harbor.refresh()
    assert.equal(harbor.title, 'Harbor Lights')
    assert.equal(harbor.movielensId, 501)
    // The quoted newline of the CRLF file survives.
    assert.equal(harbor.overview, 'A lighthouse keeper finds a message in a bottle.\nIt changes everything.')
    assert.equal(harbor.tagline, 'Some lights never go out.')
    assert.equal(harbor.releaseDate!.toISODate(), '2011-05-20')
    assert.equal(harbor.year, 2011)
    assert.equal(harbor.runtime, 112)
    assert.equal(harbor.budget, 42_000_000)
    assert.equal(harbor.voteAverage, 6.9)
    assert.equal(harbor.voteCount, 1840)
    assert.isNotNull(harbor.metadataSyncedAt)
    // The dump has no credits.
    assert.isNull(harbor.creditsSyncedAt)
    await harbor.load('genres')
    await harbor.load('keywords')
    assert.sameMembers(
      harbor.genres.map((genre) => genre.name),
      ['Drama', 'Thriller']
    )
    assert.sameMembers(
      harbor.keywords.map((keyword) => keyword.name),
      ['lighthouse', 'storm']
    )

    await orchard.refresh()
    assert.equal(orchard.title, 'The Quiet Orchard')
    assert.equal(orchard.originalTitle, 'Le Verger silencieux')
    assert.equal(orchard.originalLanguage, 'fr')
    assert.deepEqual(orchard.spokenLanguages, [{ iso_639_1: 'fr', name: 'Français' }])
    // Empty in the dump: what we had stays.
    assert.equal(orchard.tagline, 'Keep me')
    assert.equal(orchard.runtime, 101)
    assert.equal(orchard.homepage, 'http://orchard.example/')
    assert.equal(orchard.budget, 2_000_000)

    await elsewhere.refresh()
    await unlinked.refresh()
    assert.equal(elsewhere.title, 'Not in the dump')
    assert.isNull(elsewhere.metadataSyncedAt)
    assert.isNull(unlinked.metadataSyncedAt)
    assert.isNull(await Movie.findBy('tmdb_id', 900003))
    assert.isNull(await Movie.findBy('tmdb_id', 900004))
  })

  test('--create-missing also creates the dump movies the catalogue lacks; a second run changes nothing', async ({
    assert,
  }) => {
    await makeMovie({ tmdbId: 900001, title: 'Harbor Lights' })

    const first = await runAce('tmdb:import-dump', [FIXTURE_DIR, '--create-missing'])

    assert.equal(first.command.exitCode, 0)
    assert.deepInclude(first.command.result as DumpImportSummary, { matched: 1, created: 2, skipped: 0 })
    const glass = await Movie.findByOrFail('tmdb_id', 900003)
    assert.equal(glass.title, 'Glass Meridian')
    assert.equal(glass.overview, 'A physicist relives the same "perfect" day.')
    assert.equal(glass.runtime, 97)
    assert.isNotNull(glass.metadataSyncedAt)
    const total = await Movie.query().count('* as total')
    assert.equal(Number(total[0].$extras.total), 3)

    const second = await runAce('tmdb:import-dump', [FIXTURE_DIR, '--create-missing'])
    assert.deepInclude(second.command.result as DumpImportSummary, { matched: 3, updated: 0, created: 0 })
  })

  test('a directory without the dump fails with a message saying what to pass', async ({ assert }) => {
    const { command, output } = await runAce('tmdb:import-dump', [app.makePath('tests', 'fixtures')])

    assert.equal(command.exitCode, 1)
    assert.match(output, /No TMDB dump at .*tests\/fixtures\/tmdb_5000_movies\.csv/)
    assert.match(output, /Pass the directory that holds tmdb_5000_movies\.csv/)
  })
})

test.group('TMDB / tmdb:sync', (group) => {
  group.each.setup(() => resetTmdb())

  test('without TMDB_ACCESS_TOKEN, a local fake TMDB is used with the development token', async ({ assert }) => {
    const token = env.get('TMDB_ACCESS_TOKEN')
    const baseUrl = env.get('TMDB_BASE_URL')
    // The fake server as `node ace tmdb:fake-server` runs it when nothing is configured.
    const local = await FakeTmdbServer.start({ port: 0, dataDir: fakeTmdbDataDir(), token: DEVELOPMENT_TMDB_TOKEN })
    try {
      env.set('TMDB_ACCESS_TOKEN', new Secret(''))
      env.set('TMDB_BASE_URL', local.baseUrl)
      const { command, output } = await runAce('tmdb:sync', ['--ids', '550', '--wait'])
      assert.equal(command.exitCode, 0, output)
      assert.match(output, /All 1 job\(s\) completed/)
    } finally {
      env.set('TMDB_ACCESS_TOKEN', token)
      env.set('TMDB_BASE_URL', baseUrl)
      await local.close()
    }
    assert.equal(local.requestsTo('/movie/550')[0].authorization, `Bearer ${DEVELOPMENT_TMDB_TOKEN}`)
    assert.isNotNull(await Movie.findBy('tmdb_id', 550))
  })

  test('--ids queues one job per movie, deduplicated within and across runs', async ({ assert }) => {
    const metadata = queue.queue('metadata')
    await metadata.pause()
    try {
      const first = await runAce('tmdb:sync', ['--ids', '550,550,19995'])
      const second = await runAce('tmdb:sync', ['--ids', '19995'])

      assert.equal(first.command.exitCode, 0)
      assert.equal(second.command.exitCode, 0)
      assert.match(first.output, /Queued 2 job\(s\): 2 movie sync\(s\)/)
      const waiting = await metadata.getJobs(['waiting'])
      assert.sameMembers(
        waiting.map((job) => job.id),
        ['movie-sync-550', 'movie-sync-19995']
      )
      assert.deepEqual(await Movie.query(), [])
    } finally {
      await metadata.resume()
    }

    await waitForQueueIdle()
    const movies = await Movie.query().orderBy('tmdb_id')
    assert.deepEqual(
      movies.map((movie) => [movie.tmdbId, movie.title]),
      [
        [550, 'Fight Club'],
        [19995, 'Avatar'],
      ]
    )
    assert.lengthOf(fakeTmdb().requestsTo('/movie/550'), 1)
    assert.lengthOf(fakeTmdb().requestsTo('/movie/19995'), 1)
  })

  test('--missing --wait syncs never-synced movies and reports the outcome', async ({ assert }) => {
    const pending = await makeMovie({ tmdbId: 603, title: 'The Matrix (1999)' })
    const done = await makeMovie({ tmdbId: 155, title: 'Already synced' })
    await db.from('movies').where('id', done.id).update({ metadata_synced_at: new Date() })

    const { command, output } = await runAce('tmdb:sync', ['--missing', '--wait'])

    assert.equal(command.exitCode, 0)
    assert.match(output, /All 1 job\(s\) completed/)
    await pending.refresh()
    await done.refresh()
    assert.equal(pending.title, 'The Matrix')
    assert.isNotNull(pending.creditsSyncedAt)
    assert.equal(done.title, 'Already synced')
    assert.lengthOf(fakeTmdb().requestsTo('/movie/155'), 0)
  })

  test('--wait reports failed jobs with their reasons and exits non-zero', async ({ assert }) => {
    // 401 is permanent: the job fails at once with TMDB's reason.
    fakeTmdb().failNext('/movie/680', { status: 401 })
    const { command, output } = await runAce('tmdb:sync', ['--ids', '680,550', '--wait'])

    assert.equal(command.exitCode, 1)
    assert.match(output, /movie 680 \(job movie-sync-680\) failed: TMDB 401 on \/movie\/680/)
    assert.match(output, /1 of 2 job\(s\) failed/)
    assert.isNotNull(await Movie.findBy('tmdb_id', 550))
  })

  test('--missing --wait marks movies TMDB does not have and says "N not on TMDB" once', async ({ assert }) => {
    const gone = await Promise.all(
      [999_999_991, 999_999_992, 999_999_993].map((tmdbId) => makeMovie({ tmdbId, title: `Gone ${tmdbId}` }))
    )
    await makeMovie({ tmdbId: 550, title: 'Fight Club (1999)' })

    const first = await runAce('tmdb:sync', ['--missing', '--wait'])

    assert.equal(first.command.exitCode, 0, first.output)
    assert.equal(first.output.match(/not on TMDB \(marked/g)?.length, 1)
    assert.match(first.output, /3 not on TMDB/)
    assert.notMatch(first.output, /failed: TMDB 404/)
    assert.match(first.output, /All 4 job\(s\) completed/)
    for (const movie of gone) {
      await movie.refresh()
      assert.equal(movie.tmdbStatus, 'not_found')
    }
    assert.deepEqual(await queue.queue('metadata').getFailed(), [])

    // Marked movies are not asked about again.
    const second = await runAce('tmdb:sync', ['--missing', '--wait'])
    assert.equal(second.command.exitCode, 0)
    assert.match(second.output, /Nothing to queue/)
    assert.lengthOf(fakeTmdb().requestsTo('/movie/999999991'), 1)
  })

  test('--trending queues both windows, which set scores', async ({ assert }) => {
    const topOfWeek = (await testClient().trending('week', 1)).results[0]
    const movie = await makeMovie({ tmdbId: topOfWeek.id, title: 'Top of the week' })

    const { command, output } = await runAce('tmdb:sync', ['--trending', '--wait'])

    assert.equal(command.exitCode, 0)
    assert.match(output, /Queued 2 job\(s\): trending \(day\), trending \(week\)/)
    const result = command.result as { queued: string[] }
    assert.sameMembers(result.queued, ['refresh-trending-day', 'refresh-trending-week'])
    await movie.refresh()
    assert.equal(movie.trendingWeek, 100)
    // The titles we lacked were queued for sync by the refresh jobs.
    await waitForQueueIdle()
    const synced = await Movie.query().whereNotNull('credits_synced_at').count('* as total')
    assert.isAbove(Number(synced[0].$extras.total), 20)
  }).timeout(60_000)

  test("--watch-providers stores TMDB's provider list of every region", async ({ assert }) => {
    const { command, output } = await runAce('tmdb:sync', ['--watch-providers', '--wait'])

    assert.equal(command.exitCode, 0)
    assert.match(output, /Queued 1 job\(s\): watch providers/)
    const providers = await db.from('watch_providers').orderBy('id').select('id', 'name')
    assert.deepEqual(
      providers.map((row) => [row.id, row.name]),
      fakeTmdb()
        .watch.list()
        .map((provider) => [provider.provider_id, provider.provider_name])
        .sort((a, b) => (a[0] as number) - (b[0] as number))
    )
    for (const { iso_3166_1: region } of fakeTmdb().watch.regions) {
      const rows = await db.from('watch_provider_regions').where('region', region).orderBy('display_priority').select('provider_id')
      assert.deepEqual(
        rows.map((row) => row.provider_id),
        fakeTmdb().watch.list(region).map((provider) => provider.provider_id)
      )
    }
  })

  test('tells the operator what to fix when the token is missing or TMDB is unreachable', async ({ assert }) => {
    const token = env.get('TMDB_ACCESS_TOKEN')
    const baseUrl = env.get('TMDB_BASE_URL')
    try {
      env.set('TMDB_ACCESS_TOKEN', new Secret(''))
      // A TMDB elsewhere needs a real token.
      env.set('TMDB_BASE_URL', 'https://api.themoviedb.org/3')
      const missing = await runAce('tmdb:sync', ['--ids', '550'])
      assert.equal(missing.command.exitCode, 1)
      assert.match(missing.output, /TMDB_ACCESS_TOKEN is not set/)
      // A local one gets the development token (this fake server wants another: 401, said plainly).
      env.set('TMDB_BASE_URL', baseUrl)
      const rejected = await runAce('tmdb:sync', ['--ids', '550'])
      assert.equal(rejected.command.exitCode, 1)
      assert.match(rejected.output, /TMDB rejected TMDB_ACCESS_TOKEN/)

      env.set('TMDB_ACCESS_TOKEN', token)
      const closedPort = await freePort()
      env.set('TMDB_BASE_URL', `http://127.0.0.1:${closedPort}/3`)
      const unreachable = await runAce('tmdb:sync', ['--ids', '550'])
      assert.equal(unreachable.command.exitCode, 1)
      assert.include(unreachable.output, `Cannot reach TMDB at http://127.0.0.1:${closedPort}/3`)
      assert.include(unreachable.output, 'ECONNREFUSED')
      assert.match(unreachable.output, /node ace tmdb:fake-server/)

      const nothing = await runAce('tmdb:sync', [])
      assert.equal(nothing.command.exitCode, 1)
      assert.match(nothing.output, /Nothing to do: pass --ids/)

      const invalid = await runAce('tmdb:sync', ['--ids', '550,abc'])
      assert.equal(invalid.command.exitCode, 1)
      assert.match(invalid.output, /invalid: abc/)
    } finally {
      env.set('TMDB_ACCESS_TOKEN', token)
      env.set('TMDB_BASE_URL', baseUrl)
    }
    assert.deepEqual(await queue.queue('metadata').getJobs(['waiting', 'active', 'completed', 'failed']), [])
    assert.lengthOf(fakeTmdb().requestsTo('/movie/550'), 0)
  })
})
