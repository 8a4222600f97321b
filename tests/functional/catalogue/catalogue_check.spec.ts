import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import Movie from '#models/movie'
import Person from '#models/person'
import CastCredit from '#models/cast_credit'
import { ensureGenres, GENRE_IDS } from '#services/catalogue/genres'
import type { CatalogueCheckResult } from '#services/catalogue/catalogue_check'

async function runCheck(args: string[]) {
  const ace = await app.container.make('ace')
  ace.ui.switchMode('raw')
  const command = await ace.exec('catalogue:check', args)
  const output = command.logger
    .getLogs()
    .map((log) => log.message)
    .join('\n')
  command.logger.flushLogs()
  return { command, output, result: command.result as CatalogueCheckResult | undefined }
}

function makeMovie(values: Partial<Movie>) {
  return Movie.create({ title: 'Untitled', spokenLanguages: [], productionCountries: [], ...values })
}

/** Three movies: complete, bare (MovieLens only) and synced but without poster/credits. */
async function seedCatalogue() {
  await ensureGenres()
  const syncedAt = DateTime.fromISO('2026-01-01T00:00:00Z')
  const complete = await makeMovie({
    movielensId: 2571,
    tmdbId: 603,
    imdbId: 'tt0133093',
    title: 'The Matrix',
    year: 1999,
    overview: 'A hacker learns the truth.',
    posterPath: '/matrix.jpg',
    metadataSyncedAt: syncedAt,
  })
  const keanu = await Person.create({ tmdbId: 6384, name: 'Keanu Reeves' })
  await CastCredit.create({ movieId: complete.id, personId: keanu.id, character: 'Neo', order: 0 })
  await db.table('movie_genres').insert({ movie_id: complete.id, genre_id: GENRE_IDS.action })

  const bare = await makeMovie({ movielensId: 40697, title: 'Babylon 5, "The Gathering"' })

  const noPoster = await makeMovie({
    movielensId: 1,
    tmdbId: 862,
    imdbId: 'tt0114709',
    title: 'Toy Story',
    year: 1995,
    overview: 'Toys come alive.',
    metadataSyncedAt: syncedAt,
  })
  await db.table('movie_genres').insert({ movie_id: noPoster.id, genre_id: GENRE_IDS.animation })

  // Synced, but TMDB had no overview: still a metadata gap.
  const noOverview = await makeMovie({
    tmdbId: 999001,
    title: 'Obscure Short',
    year: 2001,
    posterPath: '/short.jpg',
    metadataSyncedAt: syncedAt,
  })
  await CastCredit.create({ movieId: noOverview.id, personId: keanu.id, character: null, order: 0 })
  await db.table('movie_genres').insert({ movie_id: noOverview.id, genre_id: GENRE_IDS.drama })

  // Known from a movie's `belongs_to_collection`, its own page never fetched; and one fetched.
  await db.table('collections').insert([
    { tmdb_id: 10194, name: 'Toy Story Collection' },
    { tmdb_id: 2344, name: 'The Matrix Collection', overview: 'Neo.', synced_at: syncedAt.toJSDate() },
  ])
  // Keanu came with the credits only; this one's TMDB page was fetched.
  await Person.create({ tmdbId: 6385, name: 'Carrie-Anne Moss', biography: 'Actress.', detailsSyncedAt: syncedAt })

  return { complete, bare, noPoster, noOverview }
}

test.group('Catalogue / catalogue:check', (group) => {
  let directory: string
  group.each.setup(async () => {
    directory = await mkdtemp(join(tmpdir(), 'catalogue-check-'))
    return () => rm(directory, { recursive: true, force: true })
  })

  test('counts each gap and writes one CSV row per incomplete movie', async ({ assert }) => {
    const { bare, noPoster, noOverview } = await seedCatalogue()
    const output = join(directory, 'reports', 'gaps.csv')

    const { command, output: logs, result } = await runCheck(['--output', output])

    assert.equal(command.exitCode, 0, logs)
    assert.deepEqual(result, {
      totalMovies: 4,
      moviesWithGaps: 3,
      gaps: { metadata: 2, tmdb_id: 1, imdb_id: 2, credits: 2, genres: 1, poster_path: 2 },
      output,
      rowsWritten: 3,
      // The three linked movies were never fetched from TMDB's API (no credits date, certification or poster):
      // a `tmdb:sync --gaps` away; none is known missing there.
      fillable: 3,
      // Keanu's and the Toy Story collection's own pages are still to be fetched.
      fillablePeople: 1,
      fillableCollections: 1,
      notOnTmdb: 0,
    })
    assert.match(logs, /fillable by TMDB/)
    assert.match(logs, /people from the credits without their TMDB page/)
    assert.include(logs, `Wrote 3 movies with gaps to ${output}`)

    const csv = await readFile(output, 'utf8')
    assert.equal(
      csv,
      [
        'id,movielens_id,tmdb_id,imdb_id,title,year,missing',
        `${bare.id},40697,,,"Babylon 5, ""The Gathering""",,metadata;tmdb_id;imdb_id;credits;genres;poster_path`,
        `${noPoster.id},1,862,tt0114709,Toy Story,1995,credits;poster_path`,
        `${noOverview.id},,999001,,Obscure Short,2001,metadata;imdb_id`,
        '',
      ].join('\n')
    )
  })

  test('an empty catalogue reports zero gaps and a header-only CSV at the default path', async ({ assert }) => {
    const { command, output: logs, result } = await runCheck([])

    assert.equal(command.exitCode, 0, logs)
    const defaultPath = app.tmpPath('catalogue-gaps.csv')
    assert.deepEqual(result, {
      totalMovies: 0,
      moviesWithGaps: 0,
      gaps: { metadata: 0, tmdb_id: 0, imdb_id: 0, credits: 0, genres: 0, poster_path: 0 },
      output: defaultPath,
      rowsWritten: 0,
      fillable: 0,
      fillablePeople: 0,
      fillableCollections: 0,
      notOnTmdb: 0,
    })
    assert.equal(await readFile(defaultPath, 'utf8'), 'id,movielens_id,tmdb_id,imdb_id,title,year,missing\n')
  })
})
