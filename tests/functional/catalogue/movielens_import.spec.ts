import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import Movie from '#models/movie'
import { GENRES, GENRE_IDS } from '#services/catalogue/genres'
import type { MovieLensImportSummary } from '#services/catalogue/movielens/movielens_importer'
import { resetState } from '#tests/support/state'
import { sharedDataDir } from '#tests/support/shared_data'

const FIXTURE_DIR = app.makePath('tests', 'fixtures', 'movielens')
const ML_LATEST_SMALL = sharedDataDir('ml-latest-small')

async function runImport(directory: string, flags: string[] = []) {
  const ace = await app.container.make('ace')
  ace.ui.switchMode('raw')
  const command = await ace.exec('movielens:import', [directory, ...flags])
  const output = command.logger
    .getLogs()
    .map((log) => log.message)
    .join('\n')
  command.logger.flushLogs()
  return { command, output, summary: command.result as MovieLensImportSummary | undefined }
}

async function count(table: string) {
  const [row] = await db.from(table).count('* as total')
  return Number(row.total)
}

async function tableCounts() {
  return {
    movies: await count('movies'),
    genres: await count('genres'),
    movieGenres: await count('movie_genres'),
    users: await count('users'),
    ratings: await count('ratings'),
    tags: await count('movie_tags'),
  }
}

/** Movies whose stored aggregates differ from what the ratings table says. */
async function aggregateMismatches() {
  const actual = await db
    .from('ratings')
    .select('movie_id')
    .count('* as n')
    .sum('rating as total')
    .groupBy('movie_id')
  const byMovie = new Map(actual.map((row) => [row.movie_id, { n: Number(row.n), total: Number(row.total) }]))
  // The histogram (migration 0097): index = rating × 2 - 1.
  const buckets = await db.from('ratings').select('movie_id', 'rating').count('* as n').groupBy('movie_id', 'rating')
  const histograms = new Map<number, number[]>()
  for (const row of buckets) {
    const histogram = histograms.get(row.movie_id) ?? Array(10).fill(0)
    histogram[Number(row.rating) * 2 - 1] = Number(row.n)
    histograms.set(row.movie_id, histogram)
  }
  const movies = await db
    .from('movies')
    .select('id', 'movielens_id', 'rating_count', 'rating_sum', 'average_rating', 'rating_histogram')
  return movies.filter((movie) => {
    const { n, total } = byMovie.get(movie.id) ?? { n: 0, total: 0 }
    const average = n > 0 ? total / n : null
    const histogram = histograms.get(movie.id) ?? Array(10).fill(0)
    return (
      movie.rating_count !== n ||
      movie.rating_histogram.join() !== histogram.join() ||
      Math.abs(movie.rating_sum - total) > 1e-9 ||
      (average === null
        ? movie.average_rating !== null
        : Math.abs(movie.average_rating - average) > 1e-9)
    )
  })
}

/** A throw-away copy of the fixture directory that a test may edit. */
async function fixtureCopy() {
  const directory = await mkdtemp(join(tmpdir(), 'movielens-'))
  await cp(FIXTURE_DIR, directory, { recursive: true })
  return directory
}

test.group('Catalogue / movielens:import', () => {
  test('imports movies, genres, placeholder users, ratings and tags from the fixture', async ({ assert }) => {
    const { command, output, summary } = await runImport(FIXTURE_DIR)
    assert.equal(command.exitCode, 0, output)

    const movies = await db
      .from('movies')
      .orderBy('movielens_id')
      .select('movielens_id', 'title', 'original_title', 'year', 'imdb_id', 'tmdb_id')
    assert.deepEqual(movies, [
      { movielens_id: 1, title: 'Toy Story', original_title: null, year: 1995, imdb_id: 'tt0114709', tmdb_id: 862 },
      {
        movielens_id: 29,
        title: 'The City of Lost Children',
        original_title: 'La Cité des enfants perdus',
        year: 1995,
        imdb_id: 'tt0112682',
        tmdb_id: 902,
      },
      { movielens_id: 922, title: 'Sunset Blvd.', original_title: null, year: 1950, imdb_id: 'tt0043014', tmdb_id: 599 },
      { movielens_id: 1035, title: 'The Sound of Music', original_title: null, year: 1965, imdb_id: 'tt0059742', tmdb_id: 15121 },
      { movielens_id: 2571, title: 'The Matrix', original_title: null, year: 1999, imdb_id: 'tt0133093', tmdb_id: 603 },
      {
        movielens_id: 6003,
        title: 'Confessions of a Dangerous Mind',
        original_title: null,
        year: 2002,
        imdb_id: 'tt0290538',
        tmdb_id: 4912,
      },
      // No tmdbId in links.csv, no year in the title.
      { movielens_id: 40697, title: 'Babylon 5', original_title: null, year: null, imdb_id: 'tt0105946', tmdb_id: null },
      { movielens_id: 58559, title: 'The Dark Knight', original_title: null, year: 2008, imdb_id: 'tt0468569', tmdb_id: 155 },
      // Shares tmdbId 4912 with movieId 6003: only the lower movieId gets it.
      {
        movielens_id: 144606,
        title: 'Confessions of a Dangerous Mind',
        original_title: null,
        year: 2002,
        imdb_id: 'tt0270288',
        tmdb_id: null,
      },
      // Year range of a series: the first year.
      { movielens_id: 171749, title: 'Death Note: Desu nôto', original_title: null, year: 2006, imdb_id: 'tt0877057', tmdb_id: 419787 },
    ])

    // Genres: the canonical rows, and MovieLens names mapped onto them.
    const genres = await db.from('genres').orderBy('id').select('id', 'name')
    assert.deepEqual(genres, [...GENRES].sort((a, b) => a.id - b.id))
    const movieGenres = await db
      .from('movie_genres')
      .join('movies', 'movies.id', 'movie_genres.movie_id')
      .orderBy(['movies.movielens_id', 'movie_genres.genre_id'])
      .select('movies.movielens_id', 'movie_genres.genre_id')
    const genresOf = (movielensId: number) =>
      movieGenres.filter((row) => row.movielens_id === movielensId).map((row) => row.genre_id)
    const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b)
    assert.deepEqual(
      genresOf(1),
      sorted([GENRE_IDS.adventure, GENRE_IDS.animation, GENRE_IDS.family, GENRE_IDS.comedy, GENRE_IDS.fantasy])
    )
    assert.deepEqual(genresOf(922), sorted([GENRE_IDS.drama, GENRE_IDS.filmNoir, GENRE_IDS.romance]))
    assert.deepEqual(genresOf(1035), sorted([GENRE_IDS.music, GENRE_IDS.romance]))
    assert.deepEqual(genresOf(2571), sorted([GENRE_IDS.action, GENRE_IDS.scienceFiction, GENRE_IDS.thriller]))
    // IMAX is a format, not a genre; "(no genres listed)" means none.
    assert.deepEqual(genresOf(58559), sorted([GENRE_IDS.action, GENRE_IDS.crime, GENRE_IDS.drama]))
    assert.deepEqual(genresOf(171749), [])
    assert.lengthOf(movieGenres, 31)

    // One placeholder per MovieLens user: no email, no password.
    const users = await db
      .from('users')
      .orderBy('movielens_user_id')
      .select('username', 'email', 'password', 'is_placeholder', 'movielens_user_id')
    assert.deepEqual(users, [
      { username: 'ml_1', email: null, password: null, is_placeholder: true, movielens_user_id: 1 },
      { username: 'ml_2', email: null, password: null, is_placeholder: true, movielens_user_id: 2 },
      { username: 'ml_3', email: null, password: null, is_placeholder: true, movielens_user_id: 3 },
    ])

    const ratings = await db
      .from('ratings')
      .join('users', 'users.id', 'ratings.user_id')
      .join('movies', 'movies.id', 'ratings.movie_id')
      .orderBy(['users.movielens_user_id', 'movies.movielens_id'])
      .select('users.movielens_user_id as user', 'movies.movielens_id as movie', 'ratings.rating')
      .select(db.raw('extract(epoch from ratings.created_at)::bigint AS created'))
      .select(db.raw('extract(epoch from ratings.updated_at)::bigint AS updated'))
    assert.deepEqual(
      ratings.map((row) => [row.user, row.movie, Number(row.rating), Number(row.created), Number(row.updated)]),
      [
        [1, 1, 4, 964982703, 964982703],
        [1, 29, 3.5, 964982931, 964982931],
        [1, 2571, 5, 964983815, 964983815],
        [1, 6003, 3, 964984100, 964984100],
        [1, 58559, 4.5, 1230000000, 1230000000],
        [2, 1, 3, 1100000000, 1100000000],
        [2, 922, 4, 1100000300, 1100000300],
        [2, 1035, 2.5, 1100000600, 1100000600],
        [2, 2571, 4, 1100000900, 1100000900],
        [2, 144606, 3.5, 1100001500, 1100001500],
        [3, 1, 5, 1500000000, 1500000000],
        [3, 2571, 4.5, 1500000100, 1500000100],
        [3, 58559, 5, 1500000200, 1500000200],
        [3, 171749, 1, 1500000300, 1500000300],
      ]
    )

    // The duplicate "Hollywood" tag is stored once.
    const tags = await db
      .from('movie_tags')
      .join('users', 'users.id', 'movie_tags.user_id')
      .join('movies', 'movies.id', 'movie_tags.movie_id')
      .orderBy(['users.movielens_user_id', 'movies.movielens_id', 'movie_tags.tag'])
      .select('users.movielens_user_id as user', 'movies.movielens_id as movie', 'movie_tags.tag')
    assert.deepEqual(tags, [
      { user: 1, movie: 2571, tag: 'cyberpunk' },
      { user: 1, movie: 2571, tag: 'philosophy, sort of' },
      { user: 2, movie: 922, tag: 'Hollywood' },
      { user: 3, movie: 58559, tag: 'Heath Ledger' },
    ])

    // Aggregates were recomputed in bulk and match the ratings table.
    assert.deepEqual(await aggregateMismatches(), [])
    const toyStory = await Movie.findByOrFail('movielensId', 1)
    assert.equal(toyStory.ratingCount, 3)
    assert.equal(toyStory.ratingSum, 12)
    assert.equal(toyStory.averageRating, 4)
    const unrated = await Movie.findByOrFail('movielensId', 40697)
    assert.equal(unrated.ratingCount, 0)
    assert.isNull(unrated.averageRating)

    // The summary counts everything and says why rows were skipped, with line numbers.
    assert.isDefined(summary)
    assert.deepInclude(summary!.movies, { rows: 10, inserted: 10, updated: 0, withoutTmdbId: 1 })
    assert.deepEqual(summary!.users, { referenced: 3, inserted: 3 })
    assert.deepEqual(summary!.ratings, { rows: 16, inserted: 14, updated: 0, unchanged: 0 })
    assert.deepEqual(summary!.tags, { rows: 5, inserted: 4, alreadyPresent: 1 })
    assert.sameDeepMembers(summary!.skipped, [
      {
        file: 'links.csv',
        reason: 'tmdbId shared with a lower movieId (only the first movie gets it)',
        count: 1,
        examples: ['line 10'],
      },
      {
        file: 'ratings.csv',
        reason: 'rating is not between 0.5 and 5.0 in half steps',
        count: 1,
        examples: ['line 11'],
      },
      {
        file: 'ratings.csv',
        reason: 'movieId not in movies.csv nor in the catalogue',
        count: 1,
        examples: ['line 17'],
      },
    ])
    assert.equal(summary!.skippedTotal, 3)
    assert.isAbove(summary!.ratingsPerSecond, 0)
    assert.match(output, /ratings\/s/)
  })

  test('is idempotent and applies changed ratings on a re-run', async ({ assert }) => {
    const first = await runImport(FIXTURE_DIR)
    assert.equal(first.command.exitCode, 0, first.output)
    const afterFirst = await tableCounts()

    const second = await runImport(FIXTURE_DIR)
    assert.equal(second.command.exitCode, 0, second.output)
    assert.deepEqual(await tableCounts(), afterFirst)
    assert.deepInclude(second.summary!.movies, { inserted: 0, updated: 0, unchanged: 10, genresAdded: 0, genresRemoved: 0 })
    assert.deepEqual(second.summary!.users, { referenced: 3, inserted: 0 })
    assert.deepEqual(second.summary!.ratings, { rows: 16, inserted: 0, updated: 0, unchanged: 14 })
    assert.deepEqual(second.summary!.tags, { rows: 5, inserted: 0, alreadyPresent: 5 })

    // User 1 changes the Toy Story rating from 4.0 to 2.0.
    const changed = await fixtureCopy()
    try {
      const ratingsPath = join(changed, 'ratings.csv')
      const ratings = await readFile(ratingsPath, 'utf8')
      assert.include(ratings, '1,1,4.0,964982703\r\n')
      await writeFile(ratingsPath, ratings.replace('1,1,4.0,964982703\r\n', '1,1,2.0,964990000\r\n'))

      const third = await runImport(changed)
      assert.equal(third.command.exitCode, 0, third.output)
      assert.deepEqual(third.summary!.ratings, { rows: 16, inserted: 0, updated: 1, unchanged: 13 })
    } finally {
      await rm(changed, { recursive: true, force: true })
    }

    assert.deepEqual(await tableCounts(), afterFirst)
    const rating = await db
      .from('ratings')
      .join('users', 'users.id', 'ratings.user_id')
      .join('movies', 'movies.id', 'ratings.movie_id')
      .where('users.movielens_user_id', 1)
      .where('movies.movielens_id', 1)
      .select('ratings.rating')
      .select(db.raw('extract(epoch from ratings.created_at)::bigint AS created'))
      .select(db.raw('extract(epoch from ratings.updated_at)::bigint AS updated'))
      .firstOrFail()
    assert.equal(Number(rating.rating), 2)
    assert.equal(Number(rating.created), 964982703)
    assert.equal(Number(rating.updated), 964990000)

    const toyStory = await Movie.findByOrFail('movielensId', 1)
    assert.equal(toyStory.ratingCount, 3)
    assert.equal(toyStory.ratingSum, 10)
    assert.closeTo(toyStory.averageRating!, 10 / 3, 1e-9)
    assert.deepEqual(await aggregateMismatches(), [])
  })

  test('keeps TMDB metadata, fills only missing ids and adopts TMDB-only movies', async ({ assert }) => {
    const syncedAt = DateTime.fromISO('2026-01-01T00:00:00Z')
    // Enriched by TMDB already, without ids: its metadata and genres must stay.
    const matrix = await Movie.create({
      movielensId: 2571,
      title: 'The Matrix (TMDB title)',
      overview: 'A hacker learns the truth.',
      year: 1998,
      metadataSyncedAt: syncedAt,
      spokenLanguages: [],
      productionCountries: [],
    })
    await db.table('genres').insert({ id: GENRE_IDS.action, name: 'Action' })
    await db.table('movie_genres').insert({ movie_id: matrix.id, genre_id: GENRE_IDS.action })
    // Created from TMDB (no movielens_id yet): the import links to it instead of duplicating it.
    const toyStory = await Movie.create({
      tmdbId: 862,
      title: 'Toy Story',
      overview: 'Toys come alive.',
      metadataSyncedAt: syncedAt,
      spokenLanguages: [],
      productionCountries: [],
    })

    const { command, output, summary } = await runImport(FIXTURE_DIR)
    assert.equal(command.exitCode, 0, output)

    await matrix.refresh()
    assert.equal(matrix.title, 'The Matrix (TMDB title)')
    assert.equal(matrix.overview, 'A hacker learns the truth.')
    assert.equal(matrix.year, 1998)
    assert.equal(matrix.tmdbId, 603)
    assert.equal(matrix.imdbId, 'tt0133093')
    const matrixGenres = await db.from('movie_genres').where('movie_id', matrix.id).select('genre_id')
    assert.deepEqual(matrixGenres, [{ genre_id: GENRE_IDS.action }])

    await toyStory.refresh()
    assert.equal(toyStory.movielensId, 1)
    assert.equal(toyStory.imdbId, 'tt0114709')
    assert.equal(toyStory.overview, 'Toys come alive.')
    assert.equal(toyStory.ratingCount, 3)
    assert.equal(await count('movies'), 10)
    assert.deepInclude(summary!.movies, { inserted: 8, updated: 2, linked: 1 })
    assert.deepEqual(await aggregateMismatches(), [])
  })

  test('skips bad rows with their line number and imports the rest', async ({ assert }) => {
    const directory = await fixtureCopy()
    try {
      await writeFile(
        join(directory, 'ratings.csv'),
        [
          'userId,movieId,rating,timestamp',
          '1,1,4.0,964982703',
          '1,2"x,3.0,123',
          '1,29,3.5',
          '1,2571,5.0,964983815,extra',
          'abc,1,4.0,1',
          '2,1,3.0,1100000000',
          '2,1,3.5,1100000001',
          '2,922,4.0,yesterday',
          '3,1,5.0,1500000000',
          // User 1 again after users 2 and 3 (an unsorted file): a duplicate the
          // per-user check cannot see, removed in SQL (first line kept).
          '1,1,1.0,1600000000',
          '1,922,4.0,1500000000',
          '',
        ].join('\r\n')
      )
      const { command, output, summary } = await runImport(directory)
      assert.equal(command.exitCode, 0, output)

      const skipped = summary!.skipped
        .filter((entry) => entry.file === 'ratings.csv')
        .map((entry) => [entry.reason, entry.count, entry.examples])
      assert.sameDeepMembers(skipped, [
        ['malformed CSV (Invalid Opening Quote)', 1, ['line 3']],
        ['expected 4 columns, found 3', 1, ['line 4']],
        ['expected 4 columns, found 5', 1, ['line 5']],
        ['userId is not a positive integer', 1, ['line 6']],
        ['duplicate rating of the same movie by the same user (first kept)', 2, ['line 8', 'line 11']],
        ['timestamp is not a unix time in seconds', 1, ['line 9']],
      ])
      assert.deepEqual(summary!.ratings, { rows: 11, inserted: 4, updated: 0, unchanged: 0 })
    } finally {
      await rm(directory, { recursive: true, force: true })
    }

    const ratings = await db
      .from('ratings')
      .join('users', 'users.id', 'ratings.user_id')
      .join('movies', 'movies.id', 'ratings.movie_id')
      .orderBy(['users.movielens_user_id', 'movies.movielens_id'])
      .select('users.movielens_user_id as user', 'movies.movielens_id as movie', 'ratings.rating')
    assert.deepEqual(
      ratings.map((row) => [row.user, row.movie, Number(row.rating)]),
      [
        [1, 1, 4],
        [1, 922, 4],
        [2, 1, 3],
        [3, 1, 5],
      ]
    )
    assert.deepEqual(await aggregateMismatches(), [])
  })

  test('--bulk skips per-row checks when allowed and lands exactly the same rows', async ({ assert }) => {
    /** Every row the import writes, by natural keys (ids differ between runs). */
    async function snapshot() {
      return {
        movies: await db
          .from('movies')
          .orderBy('movielens_id')
          .select('movielens_id', 'title', 'original_title', 'year', 'imdb_id', 'tmdb_id', 'rating_count', 'rating_sum', 'average_rating'),
        genres: await db
          .from('movie_genres')
          .join('movies', 'movies.id', 'movie_genres.movie_id')
          .orderBy(['movies.movielens_id', 'movie_genres.genre_id'])
          .select('movies.movielens_id', 'movie_genres.genre_id'),
        users: await db.from('users').orderBy('username').select('username', 'password', 'is_placeholder', 'movielens_user_id'),
        ratings: await db
          .from('ratings')
          .join('users', 'users.id', 'ratings.user_id')
          .join('movies', 'movies.id', 'ratings.movie_id')
          .orderBy(['users.movielens_user_id', 'movies.movielens_id'])
          .select('users.movielens_user_id', 'movies.movielens_id', 'ratings.rating', 'ratings.created_at'),
        tags: await db
          .from('movie_tags')
          .join('users', 'users.id', 'movie_tags.user_id')
          .join('movies', 'movies.id', 'movie_tags.movie_id')
          .orderBy(['users.movielens_user_id', 'movies.movielens_id', 'movie_tags.tag'])
          .select('users.movielens_user_id', 'movies.movielens_id', 'movie_tags.tag', 'movie_tags.created_at'),
      }
    }

    const checked = await runImport(FIXTURE_DIR)
    assert.equal(checked.command.exitCode, 0, checked.output)
    assert.deepEqual(checked.summary!.bulk, { requested: false, used: false, reason: null })
    const expected = await snapshot()

    await resetState()
    const bulk = await runImport(FIXTURE_DIR, ['--bulk'])
    assert.equal(bulk.command.exitCode, 0, bulk.output)
    const { rows } = await db.rawQuery('SELECT rolsuper FROM pg_roles WHERE rolname = current_user')
    assert.equal(bulk.summary!.bulk.used, rows[0].rolsuper === true)
    assert.deepEqual(await snapshot(), expected)
    assert.deepEqual(await aggregateMismatches(), [])
    // A first bulk load drops the secondary ratings indexes and builds them again.
    const indexes = await db.rawQuery(`SELECT indexname FROM pg_indexes WHERE tablename = 'ratings' ORDER BY indexname`)
    assert.includeMembers(
      indexes.rows.map((row: { indexname: string }) => row.indexname),
      ['ratings_movie_id_index', 'ratings_user_id_created_at_index', 'ratings_user_id_movie_id_unique']
    )

    // The setting is transaction-local: the ordinary trigger works again afterwards.
    const toyStory = await Movie.findByOrFail('movielensId', 1)
    const user = await db.from('users').where('movielens_user_id', 2).firstOrFail()
    await db.from('ratings').where('user_id', user.id).where('movie_id', toyStory.id).delete()
    await toyStory.refresh()
    assert.equal(toyStory.ratingCount, 2)
    assert.equal(toyStory.ratingSum, 9)
  })

  test('a missing directory fails with exit code 1, says what to do and writes nothing', async ({ assert }) => {
    const missing = join(tmpdir(), 'no-such-movielens-dump')
    const { command, output } = await runImport(missing)

    assert.equal(command.exitCode, 1)
    assert.include(output, `MovieLens directory not found: ${missing}`)
    assert.include(output, 'movies.csv')
    assert.include(output, 'ratings.csv')
    assert.deepEqual(await tableCounts(), { movies: 0, genres: 0, movieGenres: 0, users: 0, ratings: 0, tags: 0 })
  })

  test('a missing file is named, exits with code 1 and writes nothing', async ({ assert }) => {
    const directory = await fixtureCopy()
    try {
      await rm(join(directory, 'ratings.csv'))
      await rm(join(directory, 'tags.csv'))
      const { command, output } = await runImport(directory)

      assert.equal(command.exitCode, 1)
      assert.include(output, `Missing ratings.csv, tags.csv in ${directory}`)
      assert.include(output, 'userId,movieId,rating,timestamp')
    } finally {
      await rm(directory, { recursive: true, force: true })
    }
    assert.deepEqual(await tableCounts(), { movies: 0, genres: 0, movieGenres: 0, users: 0, ratings: 0, tags: 0 })
  })

  test('a file with the wrong header exits with code 1 and writes nothing', async ({ assert }) => {
    const directory = await fixtureCopy()
    try {
      await writeFile(join(directory, 'links.csv'), 'movieId,imdb,tmdb\r\n1,0114709,862\r\n')
      const { command, output } = await runImport(directory)

      assert.equal(command.exitCode, 1)
      assert.include(output, 'links.csv has the header "movieId,imdb,tmdb", expected "movieId,imdbId,tmdbId"')
    } finally {
      await rm(directory, { recursive: true, force: true })
    }
    assert.deepEqual(await tableCounts(), { movies: 0, genres: 0, movieGenres: 0, users: 0, ratings: 0, tags: 0 })
  })

  test('imports ml-latest-small completely', async ({ assert }) => {
    const { command, output, summary } = await runImport(ML_LATEST_SMALL)
    assert.equal(command.exitCode, 0, output)

    assert.equal(await count('movies'), 9742)
    assert.equal(await count('ratings'), 100836)
    assert.equal(await count('movie_tags'), 3683)
    const [placeholders] = await db.from('users').where('is_placeholder', true).whereNull('password').count('* as total')
    assert.equal(Number(placeholders.total), 610)

    const matrix = await Movie.findByOrFail('movielensId', 2571)
    assert.equal(matrix.title, 'The Matrix')
    assert.equal(matrix.year, 1999)
    assert.equal(matrix.imdbId, 'tt0133093')
    assert.equal(matrix.tmdbId, 603)

    // links.csv: 8 movies without a tmdbId, and 4912 shared by movieIds 6003 and 144606.
    assert.equal(summary!.movies.withoutTmdbId, 8)
    assert.deepEqual(
      await db.from('movies').where('tmdb_id', 4912).select('movielens_id'),
      [{ movielens_id: 6003 }]
    )
    assert.equal(summary!.skippedTotal, 1)
    assert.deepEqual(await aggregateMismatches(), [])
  }).timeout(120_000)
})
