import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import env from '#start/env'
import Movie from '#models/movie'
import queue from '#jobs/queue/queue'
import SyncMovieJob, { type SyncMovieJobResult } from '#jobs/sync_movie_job'
import { CAST_LIMIT, usCertification } from '#services/tmdb/movie_upsert'
import { fakeTmdb } from '#tests/support/services'
import { finished, resetTmdb } from '#tests/support/fake_tmdb/test_helpers'

async function syncThroughQueue(tmdbId: number) {
  const job = await SyncMovieJob.dispatch({ tmdbId })
  return { job, result: await finished<SyncMovieJobResult>(job) }
}

test.group('TMDB / SyncMovieJob', (group) => {
  group.each.setup(() => resetTmdb())

  test('a queued sync creates the movie with genres, keywords, people, cast, crew and certification', async ({
    assert,
  }) => {
    const expected = fakeTmdb().movie(550)!

    const { job, result } = await syncThroughQueue(550)

    assert.equal(job.id, 'movie-sync-550')
    assert.equal(job.name, 'sync-movie')
    assert.isTrue(result.created)
    assert.includeMembers(result.changedFields, ['title', 'overview', 'certification', 'genres', 'keywords', 'cast', 'crew'])

    const movie = await Movie.findByOrFail('tmdb_id', 550)
    assert.equal(result.movieId, movie.id)
    assert.equal(movie.title, 'Fight Club')
    assert.equal(movie.originalTitle, 'Fight Club')
    assert.equal(movie.tagline, 'Mischief. Mayhem. Soap.')
    assert.equal(movie.releaseDate!.toISODate(), '1999-10-15')
    assert.equal(movie.year, 1999)
    assert.equal(movie.runtime, 139)
    assert.equal(movie.budget, 63_000_000)
    assert.equal(movie.revenue, 100_853_753)
    assert.equal(movie.homepage, 'http://www.foxmovies.com/movies/fight-club')
    assert.equal(movie.status, 'Released')
    assert.equal(movie.originalLanguage, 'en')
    assert.isFalse(movie.adult)
    assert.equal(movie.popularity, expected.popularity)
    assert.equal(movie.voteAverage, 8.3)
    assert.equal(movie.voteCount, 9413)
    assert.equal(movie.posterPath, expected.poster_path)
    assert.equal(movie.backdropPath, expected.backdrop_path)
    assert.deepEqual(movie.spokenLanguages, [{ iso_639_1: 'en', name: 'English' }])
    assert.deepEqual(movie.productionCountries, [
      { iso_3166_1: 'DE', name: 'Germany' },
      { iso_3166_1: 'US', name: 'United States of America' },
    ])
    assert.isNull(movie.imdbId)
    assert.equal(movie.certification, usCertification(expected.release_dates))
    assert.isNotNull(movie.certification)
    assert.isNotNull(movie.metadataSyncedAt)
    assert.isNotNull(movie.creditsSyncedAt)

    await movie.load('genres')
    await movie.load('keywords')
    assert.deepEqual(
      movie.genres.map((genre) => [genre.id, genre.name]),
      [[18, 'Drama']]
    )
    assert.sameMembers(
      movie.keywords.map((keyword) => keyword.name),
      expected.keywords!.keywords.map((keyword) => keyword.name)
    )

    const cast = await db
      .from('movie_cast')
      .join('people', 'people.id', 'movie_cast.person_id')
      .where('movie_cast.movie_id', movie.id)
      .orderBy('movie_cast.order')
      .select('people.tmdb_id', 'people.name', 'people.profile_path', 'movie_cast.character', 'movie_cast.order')
    const billed = expected.credits!.cast.slice(0, CAST_LIMIT)
    assert.lengthOf(cast, billed.length)
    assert.deepEqual(cast[0], {
      tmdb_id: billed[0].id,
      name: billed[0].name,
      profile_path: billed[0].profile_path,
      character: billed[0].character,
      order: 0,
    })

    const crew = await db
      .from('movie_crew')
      .join('people', 'people.id', 'movie_crew.person_id')
      .where('movie_crew.movie_id', movie.id)
      .select('people.name', 'movie_crew.job', 'movie_crew.department')
    const directors = expected.credits!.crew.filter((member) => member.job === 'Director')
    assert.sameDeepMembers(
      crew.filter((row) => row.job === 'Director'),
      directors.map((member) => ({ name: member.name, job: 'Director', department: 'Directing' }))
    )
    assert.includeMembers(
      crew.map((row) => row.job),
      ['Screenplay', 'Producer', 'Original Music Composer', 'Director of Photography', 'Editor']
    )
    // Only the jobs worth showing are kept.
    assert.notInclude(
      crew.map((row) => row.job),
      'Gaffer'
    )
    // One fetch: details with everything appended.
    assert.lengthOf(fakeTmdb().requestsTo('/movie/550'), 1)
  })

  test('a re-sync applies TMDB’s changes but never blanks a field', async ({ assert }) => {
    await syncThroughQueue(550)
    const before = await Movie.findByOrFail('tmdb_id', 550)
    const firstSync = before.metadataSyncedAt!

    fakeTmdb().updateMovie(550, {
      tagline: 'How much can you know about yourself if you’ve never been in a fight?',
      vote_count: 9999,
      imdb_id: 'tt0137523',
      // TMDB dropping values: none of these may erase what we have.
      overview: '',
      homepage: '',
      runtime: 0,
      budget: 0,
      poster_path: null,
      genres: [],
      credits: { cast: [], crew: [] },
    })
    const { result } = await syncThroughQueue(550)

    assert.isFalse(result.created)
    assert.sameMembers(result.changedFields, ['tagline', 'vote_count', 'imdb_id'])
    const after = await Movie.findByOrFail('tmdb_id', 550)
    assert.equal(after.id, before.id)
    assert.equal(after.tagline, 'How much can you know about yourself if you’ve never been in a fight?')
    assert.equal(after.voteCount, 9999)
    assert.equal(after.imdbId, 'tt0137523')
    assert.equal(after.overview, before.overview)
    assert.equal(after.homepage, before.homepage)
    assert.equal(after.runtime, 139)
    assert.equal(after.budget, 63_000_000)
    assert.equal(after.posterPath, before.posterPath)
    assert.isTrue(after.metadataSyncedAt! > firstSync)
    const genres = await db.from('movie_genres').where('movie_id', after.id).count('* as total')
    const cast = await db.from('movie_cast').where('movie_id', after.id).count('* as total')
    assert.equal(Number(genres[0].total), 1)
    assert.isAbove(Number(cast[0].total), 0)
  })

  test('links a movie known by imdb_id (e.g. from MovieLens) instead of creating a second one', async ({
    assert,
  }) => {
    const existing = await Movie.create({
      title: 'Fight Club (1999)',
      imdbId: 'tt0137523',
      movielensId: 2959,
      spokenLanguages: [],
      productionCountries: [],
    })
    fakeTmdb().updateMovie(550, { imdb_id: 'tt0137523' })

    const { result } = await syncThroughQueue(550)

    assert.isFalse(result.created)
    assert.equal(result.movieId, existing.id)
    await existing.refresh()
    assert.equal(existing.tmdbId, 550)
    assert.equal(existing.movielensId, 2959)
    assert.equal(existing.title, 'Fight Club')
    const total = await Movie.query().count('* as total')
    assert.equal(Number(total[0].$extras.total), 1)
  })

  test('a pending sync of the same movie is queued once', async ({ assert }) => {
    const metadata = queue.queue('metadata')
    await metadata.pause()
    try {
      const first = await SyncMovieJob.dispatch({ tmdbId: 603 })
      const second = await SyncMovieJob.dispatch({ tmdbId: 603 })
      assert.equal(first.id, 'movie-sync-603')
      assert.equal(second.id, first.id)
      const waiting = await metadata.getJobs(['waiting'])
      assert.deepEqual(
        waiting.map((job) => job.id),
        ['movie-sync-603']
      )
    } finally {
      await metadata.resume()
    }
    await finished((await metadata.getJob('movie-sync-603'))!)
    assert.lengthOf(fakeTmdb().requestsTo('/movie/603'), 1)
    assert.isNotNull(await Movie.findBy('tmdb_id', 603))
  })

  test('a movie TMDB does not know completes as not found, is marked, and is skipped by later --missing runs', async ({
    assert,
  }) => {
    const linked = await Movie.create({
      tmdbId: 999_999_999,
      title: 'Gone from TMDB',
      spokenLanguages: [],
      productionCountries: [],
    })
    const job = await SyncMovieJob.dispatch({ tmdbId: 999_999_999 })

    const result = await finished(job)

    assert.deepEqual(result, { tmdbId: 999_999_999, notFound: true })
    const settled = (await queue.queue('metadata').getJob('movie-sync-999999999'))!
    assert.equal(await settled.getState(), 'completed')
    // One request: no retry of an answer.
    assert.lengthOf(fakeTmdb().requestsTo('/movie/999999999'), 1)
    assert.deepEqual(await queue.queue('metadata').getFailed(), [])
    await linked.refresh()
    assert.equal(linked.tmdbStatus, 'not_found')
    assert.isNotNull(linked.tmdbCheckedAt)
    assert.equal(linked.title, 'Gone from TMDB')
    const { missingTmdbIds } = await import('#services/tmdb/sync_dispatcher')
    assert.deepEqual(await missingTmdbIds(), [])
  })

  test('a movie found again on TMDB loses its not-found mark', async ({ assert }) => {
    const movie = await Movie.create({ tmdbId: 550, title: 'Fight Club', spokenLanguages: [], productionCountries: [] })
    await db.from('movies').where('id', movie.id).update({ tmdb_status: 'not_found' })

    await syncThroughQueue(550)

    await movie.refresh()
    assert.isNull(movie.tmdbStatus)
    assert.isNotNull(movie.creditsSyncedAt)
  })

  test('TMDB failing with 5xx fails the job after its attempts, with TMDB’s message', async ({ assert }) => {
    const original = { retries: env.get('TMDB_MAX_RETRIES'), base: env.get('TMDB_RETRY_BASE_MS') }
    // Keep the client's own retries short; the job's attempts and backoff are the queue defaults.
    env.set('TMDB_MAX_RETRIES', 1)
    env.set('TMDB_RETRY_BASE_MS', 10)
    fakeTmdb().failNext('/movie/680', { status: 500, count: 100 })
    try {
      const job = await SyncMovieJob.dispatch({ tmdbId: 680 })
      const error = await finished(job).catch((caught: unknown) => caught)
      assert.instanceOf(error, Error)

      const failedJob = (await queue.queue('metadata').getJob('movie-sync-680'))!
      assert.equal(await failedJob.getState(), 'failed')
      assert.equal(failedJob.attemptsMade, 3)
      assert.match(failedJob.failedReason, /^TMDB 500 on \/movie\/680: Internal error: Something went wrong, contact TMDb\. \(2 attempt\(s\)\)$/)
      // 3 job attempts × (1 request + 1 client retry)
      assert.lengthOf(fakeTmdb().requestsTo('/movie/680'), 6)
      assert.isNull(await Movie.findBy('tmdb_id', 680))
    } finally {
      env.set('TMDB_MAX_RETRIES', original.retries)
      env.set('TMDB_RETRY_BASE_MS', original.base)
      // Unset ones stay unset for child processes (not the string "undefined").
      if (original.retries === undefined) delete process.env.TMDB_MAX_RETRIES
      if (original.base === undefined) delete process.env.TMDB_RETRY_BASE_MS
    }
  }).timeout(30_000)
})
