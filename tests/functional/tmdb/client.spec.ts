import { test } from '@japa/runner'
import env from '#start/env'
import TmdbClient from '#services/tmdb/tmdb_client'
import {
  TmdbAuthError,
  TmdbError,
  TmdbNotFoundError,
  TmdbUnreachableError,
} from '#services/tmdb/errors'
import { fakeTmdb } from '#tests/support/services'
import { resetTmdb, testClient } from '#tests/support/fake_tmdb/test_helpers'

test.group('TMDB / client', (group) => {
  group.each.setup(() => resetTmdb())

  test('sends the bearer token and reads details with credits, keywords, release dates and ids in one call', async ({
    assert,
  }) => {
    const movie = await TmdbClient.fromEnv().movie(550)

    assert.equal(movie.id, 550)
    assert.equal(movie.title, 'Fight Club')
    assert.equal(movie.release_date, '1999-10-15')
    assert.deepEqual(movie.genres, [{ id: 18, name: 'Drama' }])
    assert.isAtLeast(movie.credits!.cast.length, 12)
    assert.isTrue(movie.credits!.crew.some((member) => member.job === 'Director'))
    assert.isAbove(movie.keywords!.keywords.length, 0)
    assert.equal(movie.release_dates!.results[0].iso_3166_1, 'US')
    assert.property(movie.external_ids!, 'imdb_id')
    assert.match(movie.poster_path!, /^\/[A-Za-z0-9]{27}\.jpg$/)
    // Same id, same made-up credits and images every time.
    assert.deepEqual(await TmdbClient.fromEnv().movie(550), movie)

    const requests = fakeTmdb().requestsTo('/movie/550')
    assert.lengthOf(requests, 2)
    assert.equal(requests[0].authorization, `Bearer ${env.get('TMDB_ACCESS_TOKEN')!.release()}`)
    assert.equal(requests[0].query.append_to_response, 'credits,keywords,release_dates,external_ids,videos,watch/providers')
    assert.deepEqual(movie['watch/providers'], { results: fakeTmdb().watchProviders(550)!.results })
  })

  test('surfaces a 401 for a wrong token at once, without the token in the message', async ({ assert }) => {
    const client = testClient({ accessToken: 'not-the-right-token' })

    const error = await client.movie(550).catch((caught: unknown) => caught)

    assert.instanceOf(error, TmdbAuthError)
    const authError = error as TmdbAuthError
    assert.equal(authError.status, 401)
    assert.equal(authError.statusCode, 7)
    assert.equal(authError.statusMessage, 'Invalid API key: You must be granted a valid key.')
    assert.notInclude(authError.message, 'not-the-right-token')
    assert.include(authError.message, 'TMDB_ACCESS_TOKEN')
    assert.lengthOf(fakeTmdb().requestsTo('/movie/550'), 1)
    assert.equal(fakeTmdb().requestsTo('/movie/550')[0].status, 401)
  })

  test('waits for Retry-After on a 429, then succeeds', async ({ assert }) => {
    fakeTmdb().failNext('/movie/popular', { status: 429, retryAfter: 1 })
    const retries: number[] = []
    const client = testClient({ onRetry: ({ delayMs }) => retries.push(delayMs) })

    const page = await client.popular(1)

    assert.equal(page.page, 1)
    assert.lengthOf(page.results, 20)
    const [limited, retried] = fakeTmdb().requestsTo('/movie/popular')
    assert.equal(limited.status, 429)
    assert.equal(retried.status, 200)
    assert.isAtLeast(retried.at - limited.at, 950)
    assert.deepEqual(retries, [1000])
  })

  test('retries 5xx with backoff, then gives up with a TmdbError carrying TMDB’s message', async ({ assert }) => {
    fakeTmdb().failNext('/genre/movie/list', { status: 503, count: 10 })
    const client = testClient({ maxRetries: 2 })

    const error = await client.genres().catch((caught: unknown) => caught)

    assert.instanceOf(error, TmdbError)
    const tmdbError = error as TmdbError
    assert.equal(tmdbError.status, 503)
    assert.equal(tmdbError.statusCode, 9)
    assert.match(tmdbError.message, /^TMDB 503 on \/genre\/movie\/list: Service offline.*\(3 attempt\(s\)\)$/)
    assert.deepEqual(
      fakeTmdb().requestsTo('/genre/movie/list').map((request) => request.status),
      [503, 503, 503]
    )
  })

  test('recovers when a 5xx clears up within the retries', async ({ assert }) => {
    fakeTmdb().failNext('/genre/movie/list', { status: 500, count: 2 })

    const genres = await testClient({ maxRetries: 3 }).genres()

    assert.deepInclude(genres, { id: 878, name: 'Science Fiction' })
    assert.deepEqual(
      fakeTmdb().requestsTo('/genre/movie/list').map((request) => request.status),
      [500, 500, 200]
    )
  })

  test('gives up on a silent server after the timeout of each attempt', async ({ assert }) => {
    fakeTmdb().delayNext('/configuration', { ms: 1500, count: 2 })
    const client = testClient({ timeoutMs: 150, maxRetries: 1, retryBaseMs: 10 })
    const started = performance.now()

    const error = await client.configuration().catch((caught: unknown) => caught)

    assert.instanceOf(error, TmdbUnreachableError)
    assert.match((error as Error).message, /no response within 150 ms \(2 attempt\(s\)\)/)
    assert.isNull((error as TmdbUnreachableError).status)
    assert.isBelow(performance.now() - started, 1200)
    assert.lengthOf(fakeTmdb().requestsTo('/configuration'), 2)
  })

  test('reports an unknown movie as TmdbNotFoundError with TMDB’s status', async ({ assert }) => {
    const error = await testClient().movie(999_999_999).catch((caught: unknown) => caught)

    assert.instanceOf(error, TmdbNotFoundError)
    assert.equal((error as TmdbNotFoundError).statusCode, 34)
    assert.equal(
      (error as Error).message,
      'TMDB 404 on /movie/999999999: The resource you requested could not be found.'
    )
    // A 404 is final: no retry.
    assert.lengthOf(fakeTmdb().requestsTo('/movie/999999999'), 1)
  })

  test('reads TMDB’s paged lists, changes and genres', async ({ assert }) => {
    const client = testClient()

    const trending = await client.trending('week', 2)
    assert.equal(trending.page, 2)
    assert.lengthOf(trending.results, 20)
    assert.equal(trending.total_results, 200)
    assert.equal(trending.results[0].media_type, 'movie')

    const upcoming = await client.upcoming()
    const today = new Date().toISOString().slice(0, 10)
    assert.isAbove(upcoming.results.length, 0)
    assert.isTrue(upcoming.results.every((movie) => movie.release_date! > today))
    assert.isTrue(upcoming.dates.minimum <= upcoming.dates.maximum)

    fakeTmdb().markChanged([550, 19995])
    const changes = await client.changes({ startDate: today, endDate: today })
    assert.includeMembers(
      changes.results.map((item) => item.id),
      [550, 19995]
    )

    const error = await client.popular(501).catch((caught: unknown) => caught)
    assert.instanceOf(error, TmdbError)
    assert.equal((error as TmdbError).status, 400)
    assert.equal((error as TmdbError).statusCode, 22)
  })
})
