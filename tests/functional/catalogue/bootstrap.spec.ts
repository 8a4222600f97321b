import { createHash } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { ZipFile } from 'yazl'
import env from '#start/env'
import Movie from '#models/movie'
import type { BootstrapSummary, StepOutcome } from '#services/catalogue/bootstrap/bootstrap_service'
import { countGapMovies } from '#services/tmdb/gap_service'
import { fakeTmdb } from '#tests/support/services'
import { resetTmdb } from '#tests/support/fake_tmdb/test_helpers'

const FIXTURE = app.makePath('tests', 'fixtures', 'movielens')
const FILES = ['movies.csv', 'links.csv', 'ratings.csv', 'tags.csv']

/** The MovieLens fixture as GroupLens ships it: a zip with one top directory. */
async function fixtureZip(): Promise<Buffer> {
  const zip = new ZipFile()
  for (const file of FILES) zip.addFile(`${FIXTURE}/${file}`, `ml-fixture/${file}`)
  zip.end()
  const chunks: Buffer[] = []
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** Serves the zip and its published .md5 like files.grouplens.org; counts requests per path. */
async function serveZip(zip: Buffer, md5 = createHash('md5').update(zip).digest('hex')) {
  const hits = new Map<string, number>()
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/'
    hits.set(path, (hits.get(path) ?? 0) + 1)
    if (path === '/datasets/ml-fixture.zip') {
      response.writeHead(200, { 'content-type': 'application/zip', 'content-length': zip.length })
      return response.end(zip)
    }
    if (path === '/datasets/ml-fixture.zip.md5') {
      response.writeHead(200, { 'content-type': 'text/plain' })
      return response.end(`MD5 (ml-fixture.zip) = ${md5}\n`)
    }
    response.writeHead(404).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/datasets/ml-fixture.zip`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

async function bootstrap(args: string[]) {
  const ace = await app.container.make('ace')
  ace.ui.switchMode('raw')
  const command = await ace.exec('catalogue:bootstrap', ['--series-pages', '1', ...args])
  const output = command.logger
    .getLogs()
    .map((log) => log.message)
    .join('\n')
  command.logger.flushLogs()
  return { command, output, summary: command.result as BootstrapSummary | { steps: StepOutcome[] } }
}

const statuses = (steps: StepOutcome[]) => Object.fromEntries(steps.map((step) => [step.step, step.status]))
const count = async (table: string) => Number((await db.from(table).count('* as total'))[0].total)
const movieRequests = () => fakeTmdb().requests.filter((request) => /^\/movie\/\d+$/.test(request.path)).length

test.group('Catalogue / catalogue:bootstrap', (group) => {
  group.each.setup(async () => {
    await resetTmdb()
    // Downloads are kept between runs on purpose (a re-run does not fetch again): not between tests.
    await rm(app.tmpPath('downloads'), { recursive: true, force: true })
  })

  test('from an empty database and the official zip URL to a complete catalogue; a re-run does nothing new', async ({
    assert,
  }) => {
    const served = await serveZip(await fixtureZip())
    try {
      const first = await bootstrap(['--movielens', served.url])

      assert.equal(first.command.exitCode, 0, first.output)
      const summary = first.summary as BootstrapSummary
      assert.deepEqual(statuses(summary.steps), {
        'movielens': 'done',
        'tmdb-dump': 'skipped',
        'tmdb-movies': 'done',
        'series': 'done',
        'collections': 'done',
        'people': 'done',
        'training': 'done',
      })
      assert.match(summary.steps[0].detail, /^downloaded 0\.0 MB, md5 verified; 10 movies, 16 ratings, 5 tags$/)
      assert.equal(served.hits.get('/datasets/ml-fixture.zip'), 1)
      assert.equal(served.hits.get('/datasets/ml-fixture.zip.md5'), 1)

      // Every linked movie TMDB knows was filled; the others are marked, once.
      const linked = await Movie.query().whereNotNull('tmdb_id')
      const known = linked.filter((movie) => fakeTmdb().catalogue.has(movie.tmdbId!))
      assert.isAbove(known.length, 3)
      for (const movie of known) {
        assert.isNotNull(movie.creditsSyncedAt, `credits of ${movie.title}`)
        assert.isNotNull(movie.posterPath, `poster of ${movie.title}`)
        assert.isNull(movie.tmdbStatus)
      }
      for (const movie of linked.filter((m) => !fakeTmdb().catalogue.has(m.tmdbId!))) {
        assert.equal(movie.tmdbStatus, 'not_found')
      }
      assert.equal(summary.fillableGaps, 0)
      assert.equal(await countGapMovies(), 0)
      assert.equal(summary.notOnTmdb, linked.length - known.length)
      assert.isAbove(await count('people'), 10)
      // Every person of the credits has their own TMDB page now (biography, dates, place of birth).
      assert.equal(await db.from('people').whereNull('details_synced_at').count('* as n').then((r) => Number(r[0].n)), 0)
      const person = await db.from('people').whereNotNull('tmdb_id').orderBy('id').firstOrFail()
      const page = fakeTmdb().catalogue.personDetails(person.tmdb_id)!
      assert.equal(person.place_of_birth, page.place_of_birth)
      assert.equal(person.birthday.toISOString().slice(0, 10), page.birthday)
      // Toy Story belongs to the Toy Story collection, whose page was fetched.
      const toyStory = await Movie.findByOrFail('tmdb_id', 862)
      const collection = await db.from('collections').where('id', toyStory.collectionId!).firstOrFail()
      assert.equal(collection.name, 'Toy Story Collection')
      assert.isNotNull(collection.synced_at)
      assert.match(collection.overview, /^The Toy Story films: 3 parts/)
      assert.equal(summary.totals.collections, await count('collections'))
      assert.isAbove(summary.totals.series, 0)
      assert.isAbove(summary.totals.episodes, 0)
      assert.equal(summary.totals.series, await count('series'))
      assert.equal(await db.from('recommender_models').where({ status: 'ready', trigger: 'bootstrap' }).count('* as n').then((r) => Number(r[0].n)), 1)
      assert.match(first.output, /Gaps TMDB can still fill/)
      const ace = await app.container.make('ace')
      const check = await ace.exec('catalogue:check', ['--output', app.tmpPath('bootstrap-gaps.csv')])
      assert.include(check.result as object, {
        fillable: 0,
        fillablePeople: 0,
        fillableCollections: 0,
        notOnTmdb: summary.notOnTmdb,
      })
      const ratings = await count('ratings')
      const tmdbRequests = fakeTmdb().requests.length

      const second = await bootstrap(['--movielens', served.url])

      assert.equal(second.command.exitCode, 0, second.output)
      assert.deepEqual(statuses((second.summary as BootstrapSummary).steps), {
        'movielens': 'already',
        'tmdb-dump': 'skipped',
        'tmdb-movies': 'already',
        'series': 'already',
        'collections': 'already',
        'people': 'already',
        'training': 'already',
      })
      // Nothing downloaded, fetched or trained again: only the TV lists were read to compare.
      assert.equal(served.hits.get('/datasets/ml-fixture.zip'), 1)
      assert.equal(movieRequests(), known.length + (linked.length - known.length))
      assert.isTrue(fakeTmdb().requests.slice(tmdbRequests).every((request) => /^\/(tv|trending\/tv)\//.test(request.path)))
      assert.equal(await count('ratings'), ratings)
      assert.equal(await count('recommender_models'), 1)
    } finally {
      await served.close()
    }
  }).timeout(120_000)

  test('a zip whose checksum does not match is discarded and nothing is imported', async ({ assert }) => {
    const served = await serveZip(await fixtureZip(), 'f'.repeat(32))
    try {
      const { command, output } = await bootstrap(['--movielens', served.url])

      assert.equal(command.exitCode, 1)
      assert.match(output, /Checksum mismatch for http:\/\/127\.0\.0\.1:\d+\/datasets\/ml-fixture\.zip: expected md5 f{32}/)
      assert.match(output, /run it again: it continues from there/)
      assert.equal(await count('movies'), 0)
      const step = await db.from('bootstrap_steps').where('name', 'movielens').firstOrFail()
      assert.equal(step.status, 'failed')
    } finally {
      await served.close()
    }
  })

  test('an interrupted run continues where it stopped (no step or movie done twice)', async ({ assert }) => {
    const retries = env.get('TMDB_MAX_RETRIES')
    env.set('TMDB_MAX_RETRIES', 0)
    try {
      // TMDB fails for one movie: the run stops after filling the others.
      fakeTmdb().failNext('/movie/603', { status: 503 })
      const first = await bootstrap(['--movielens', FIXTURE])

      assert.equal(first.command.exitCode, 1)
      assert.deepEqual(statuses((first.summary as { steps: StepOutcome[] }).steps), {
        'movielens': 'done',
        'tmdb-dump': 'skipped',
        'tmdb-movies': 'failed',
      })
      assert.match(first.output, /1 failed \(run again to continue\)/)
      assert.equal(await count('series'), 0)
      assert.equal(await count('recommender_models'), 0)
      const matrix = await Movie.findByOrFail('tmdb_id', 603)
      assert.isNull(matrix.creditsSyncedAt)
      const fetchedBefore = fakeTmdb().requestsTo('/movie/862').length
      assert.equal(fetchedBefore, 1)

      const second = await bootstrap(['--movielens', FIXTURE])

      assert.equal(second.command.exitCode, 0, second.output)
      assert.deepEqual(statuses((second.summary as BootstrapSummary).steps), {
        'movielens': 'already',
        'tmdb-dump': 'skipped',
        'tmdb-movies': 'done',
        'series': 'done',
        'collections': 'done',
        'people': 'done',
        'training': 'done',
      })
      assert.match((second.summary as BootstrapSummary).steps[2].detail, /^1 movies filled/)
      await matrix.refresh()
      assert.isNotNull(matrix.creditsSyncedAt)
      assert.lengthOf(fakeTmdb().requestsTo('/movie/862'), 1, 'a movie filled before the interruption is not fetched again')
    } finally {
      // Unset again when it was: env.set(undefined) would leave the string "undefined" in
      // process.env, which child processes (app instances, bin/dev.sh) then fail to validate.
      env.set('TMDB_MAX_RETRIES', retries as number)
      if (retries === undefined) delete process.env.TMDB_MAX_RETRIES
    }
  }).timeout(120_000)

  test('a source that is neither a directory nor a URL is refused, changing nothing', async ({ assert }) => {
    const { command, output } = await bootstrap(['--movielens', '/no/such/dir'])

    assert.equal(command.exitCode, 1)
    assert.match(output, /MovieLens source \/no\/such\/dir is neither a directory nor an http\(s\) URL/)
    assert.equal(await count('movies'), 0)
  })
})
