/*
| The contract, the code and the spec cannot drift: every operation of the
| OpenAPI document gets at least one sample response from the real server in
| a seeded state, and every sample's body is validated against that
| operation's response schema for the status it came back with. A new route
| without a sample fails the last test; a field the schema lacks (schemas are
| strict), a missing required field or an undocumented status fails the
| domain's test.
*/

import { test } from '@japa/runner'
import type { ApiClient, ApiResponse } from '@japa/api-client'
import type { Assert } from '@japa/assert'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { CastCreditFactory, CrewCreditFactory, MovieFactory, PersonFactory } from '#factories/movie_factory'
import { GenreFactory } from '#factories/genre_factory'
import { UserFactory } from '#factories/user_factory'
import type User from '#models/user'
import type Movie from '#models/movie'
import type { OpenApiDocument, ResponseObject } from '#openapi/types'
import { syncSeries } from '#services/tmdb/series_sync_service'
import { syncMovie } from '#services/tmdb/movie_sync_service'
import { refreshWatchProviderList } from '#services/tmdb/watch_provider_sync'
import { fakeTmdb } from '#tests/support/services'
import { freshIp, mailedCode, nextMinute, PASSWORD } from '#tests/support/auth'
import { downloadExport, exportReady } from '#tests/support/exports'
import { resetTmdb, testClient } from '#tests/support/fake_tmdb/test_helpers'
import { TV_ID_BASE } from '#tests/support/fake_tmdb/tv_catalogue'
import { eventually } from '#tests/functional/engagement/helpers'
import { challengeFor, codeAt, currentStep, enableTwoFactor, verifyCode, wrongCodeAround } from '#tests/support/two_factor'
import { makeFriends } from '#tests/functional/social/helpers'

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082',
  'hex'
)

/** Operations (`GET /api/v1/movies/{id}`) that got a sample, across the group's tests. */
const sampled = new Set<string>()

/** Validates sample responses against the document served at /api/openapi.json. */
class ContractChecker {
  // OpenAPI 3.1 schemas are JSON Schema 2020-12; not strict, as they carry OpenAPI's own keywords (`example`).
  private ajv = new Ajv2020({ allErrors: true, strict: false })
  private validators = new Map<string, ValidateFunction>()
  failures: string[] = []

  constructor(private document: OpenApiDocument) {
    addFormats.default(this.ajv)
    // Component $refs resolve inside this resource (`openapi#/components/schemas/X`).
    this.ajv.addSchema({ $id: 'openapi', components: this.relocate(document.components) })
  }

  static async load(client: ApiClient) {
    const response = await client.get('/api/openapi.json')
    response.assertStatus(200)
    return new ContractChecker(response.body() as OpenApiDocument)
  }

  private relocate<T>(value: T): T {
    return JSON.parse(JSON.stringify(value).replaceAll('"#/components/', '"openapi#/components/'))
  }

  private responseOf(operation: string, status: number): ResponseObject | undefined {
    const [method, path] = operation.split(' ')
    const responses = this.document.paths[path]?.[method.toLowerCase()]?.responses
    const response = responses?.[String(status)] as ResponseObject | { $ref: string } | undefined
    if (response && '$ref' in response) {
      return this.document.components.responses[response.$ref.split('/').pop()!] as ResponseObject
    }
    return response
  }

  /** Records `response` as a sample of `operation` and checks it; failures are collected, not thrown. */
  async check(
    operation: string,
    request: PromiseLike<ApiResponse>,
    expected?: number,
    options: { emptyList?: 'allowed' } = {}
  ): Promise<ApiResponse> {
    const response = await request
    const status = response.status()
    const [method, path] = operation.split(' ')
    const label = `${operation} → ${status}`
    if (!this.document.paths[path]?.[method.toLowerCase()]) {
      this.failures.push(`${operation}: not in the document`)
      return response
    }
    if (expected !== undefined ? status !== expected : status >= 300) {
      this.failures.push(`${label}: expected ${expected ?? 'a 2xx'}: ${JSON.stringify(response.body())}`)
      return response
    }
    sampled.add(operation)
    const documented = this.responseOf(operation, status)
    if (!documented) {
      this.failures.push(`${label}: status not documented`)
      return response
    }
    if (!documented.content) {
      if (response.text()) this.failures.push(`${label}: documented without a body but sent ${response.text()}`)
      return response
    }
    if (!documented.content['application/json']) {
      const type = Object.keys(documented.content)[0]
      if (!(response.header('content-type') ?? '').startsWith(type)) {
        this.failures.push(`${label}: content type ${response.header('content-type')}, documented ${type}`)
      }
      return response
    }
    const errors = this.errorsOf(operation, status, response.body())
    if (errors.length) this.failures.push(`${label}: ${errors.join('; ')}`)
    // An empty list validates whatever its item schema says: samples must show items.
    const data = (response.body() as { data?: unknown }).data
    if (Array.isArray(data) && data.length === 0 && options.emptyList !== 'allowed') {
      this.failures.push(`${label}: the sample's data is empty, so its items were not checked`)
    }
    return response
  }

  /** What is wrong with `body` as the JSON response of `operation` with `status` (nothing: []). */
  errorsOf(operation: string, status: number, body: unknown): string[] {
    const key = `${operation} ${status}`
    let validate = this.validators.get(key)
    if (!validate) {
      const schema = this.responseOf(operation, status)?.content?.['application/json']?.schema
      if (!schema) return [`no JSON schema for ${key}`]
      validate = this.ajv.compile(this.relocate(schema))
      this.validators.set(key, validate)
    }
    if (validate(body)) return []
    const errors = validate.errors!.map((error) => `${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`)
    return [...new Set(errors)].slice(0, 12)
  }

  /** Every /api/v1 operation, /health and /api/openapi.json. */
  operations(): string[] {
    return Object.entries(this.document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`)
    )
  }

  assertClean(assert: Assert) {
    assert.deepEqual(this.failures, [])
  }
}

/**
 * Movies sharing a genre (so "similar" finds the others), one of them
 * upcoming, with a director and a cast member on the first (details show credits).
 */
async function seedMovies(count: number) {
  const genre = await GenreFactory.create()
  const movies = await MovieFactory.createMany(count)
  for (const movie of movies) await movie.related('genres').attach([genre.id])
  const upcoming = DateTime.utc().plus({ months: 2 })
  await MovieFactory.merge({ releaseDate: upcoming, year: upcoming.year }).create()
  await CastCreditFactory.merge({ movieId: movies[0].id }).with('person').create()
  await CrewCreditFactory.merge({ movieId: movies[0].id }).with('person').create()
  return movies
}

async function ingestSeries(offset: number) {
  return (await syncSeries(TV_ID_BASE + offset, { client: testClient() })).series
}

test.group('System / OpenAPI response schemas', (group) => {
  group.setup(() => nextMinute())

  test('catalogue, search and system', async ({ client, assert }) => {
    const contract = await ContractChecker.load(client)
    const [matrix] = await seedMovies(3)
    const user = await UserFactory.create()
    const admin = await UserFactory.apply('admin').create()

    await contract.check('GET /health', client.get('/health'))
    await contract.check('GET /api/openapi.json', client.get('/api/openapi.json'))
    await contract.check('GET /api/v1/genres', client.get('/api/v1/genres'))
    await contract.check('GET /api/v1/movies', client.get('/api/v1/movies'))
    await contract.check('GET /api/v1/movies', client.get('/api/v1/movies').loginAs(user))
    await contract.check('GET /api/v1/movies/search', client.get('/api/v1/movies/search').qs({ q: matrix.title }))
    await contract.check('GET /api/v1/movies/trending', client.get('/api/v1/movies/trending'))
    await contract.check('GET /api/v1/movies/popular', client.get('/api/v1/movies/popular'))
    await client.put(`/api/v1/movies/${matrix.id}/rating`).json({ rating: 4 }).loginAs(user)
    await contract.check('GET /api/v1/movies/top-rated', client.get('/api/v1/movies/top-rated'))
    await contract.check('GET /api/v1/movies/upcoming', client.get('/api/v1/movies/upcoming'))
    await contract.check('GET /api/v1/movies/{id}', client.get(`/api/v1/movies/${matrix.id}`))
    await contract.check('GET /api/v1/movies/{id}', client.get(`/api/v1/movies/${matrix.id}`).loginAs(user))
    await contract.check(
      'POST /api/v1/movies',
      client.post('/api/v1/movies').json({ title: 'Sample by hand', release_date: '1999-03-30', runtime: 136 }).loginAs(admin),
      201
    )
    await contract.check('GET /api/v1/search', client.get('/api/v1/search').qs({ q: matrix.title }))
    // The error envelope, as the shared error responses document it.
    await contract.check('GET /api/v1/movies/{id}', client.get('/api/v1/movies/2147483000'), 404)
    await contract.check('GET /api/v1/movies', client.get('/api/v1/movies').qs({ per_page: 1000 }), 422)
    await contract.check('POST /api/v1/movies', client.post('/api/v1/movies').json({ tmdb_id: 603 }), 401)
    await contract.check('POST /api/v1/movies', client.post('/api/v1/movies').json({ tmdb_id: 603 }).loginAs(user), 403)
    contract.assertClean(assert)
  })

  test('auth and the caller profile', async ({ client, assert }) => {
    const contract = await ContractChecker.load(client)
    await nextMinute()
    const ip = freshIp()
    const email = `contract_${Date.now().toString(36)}@example.test`
    const username = `contract_${Date.now().toString(36)}`
    const registered = await contract.check(
      'POST /api/v1/auth/register',
      client
        .post('/api/v1/auth/register')
        .header('x-forwarded-for', ip)
        .json({ username, email, password: PASSWORD, password_confirmation: PASSWORD }),
      201
    )
    const accessToken = registered.body().access_token as string
    const bearer = { authorization: `Bearer ${accessToken}` }
    await mailedCode(email)
    await contract.check('POST /api/v1/auth/email/resend', client.post('/api/v1/auth/email/resend').headers(bearer).header('x-forwarded-for', ip), 202)
    const code = await mailedCode(email, { index: 1 })
    await contract.check('POST /api/v1/auth/email/verify', client.post('/api/v1/auth/email/verify').headers(bearer).json({ code }))

    const login = await contract.check(
      'POST /api/v1/auth/login',
      client.post('/api/v1/auth/login').header('x-forwarded-for', freshIp()).json({ login: username, password: PASSWORD, device_name: 'Second device' })
    )
    await contract.check(
      'POST /api/v1/auth/refresh',
      client.post('/api/v1/auth/refresh').header('x-forwarded-for', freshIp()).json({ refresh_token: login.body().refresh_token })
    )
    const sessions = await contract.check('GET /api/v1/auth/sessions', client.get('/api/v1/auth/sessions').headers(bearer))
    const other = (sessions.body().data as { id: number; current: boolean }[]).find((session) => !session.current)!
    await contract.check('DELETE /api/v1/auth/sessions/{id}', client.delete(`/api/v1/auth/sessions/${other.id}`).headers(bearer))

    await contract.check(
      'GET /api/v1/auth/username-available',
      client.get('/api/v1/auth/username-available').header('x-forwarded-for', freshIp()).qs({ username: 'nobody_has_this' })
    )
    const forgot = await contract.check(
      'POST /api/v1/auth/password/forgot',
      client.post('/api/v1/auth/password/forgot').header('x-forwarded-for', ip).json({ email }),
      202
    )
    const resetToken = forgot.body().reset_token as string
    const resetCode = await mailedCode(email, { subject: /password reset/ })
    await contract.check(
      'POST /api/v1/auth/password/verify',
      client.post('/api/v1/auth/password/verify').header('x-forwarded-for', ip).json({ reset_token: resetToken, otp_code: resetCode })
    )
    await contract.check(
      'POST /api/v1/auth/password/reset',
      client.post('/api/v1/auth/password/reset').header('x-forwarded-for', ip).json({ reset_token: resetToken, new_password: 'another-horse-battery' })
    )
    const signedIn = await client
      .post('/api/v1/auth/login')
      .header('x-forwarded-for', freshIp())
      .json({ login: username, password: 'another-horse-battery' })
    const fresh = { authorization: `Bearer ${signedIn.body().access_token}` }
    const changed = await contract.check(
      'POST /api/v1/auth/password/change',
      client
        .post('/api/v1/auth/password/change')
        .headers(fresh)
        .header('x-forwarded-for', freshIp())
        .json({ current_password: 'another-horse-battery', new_password: PASSWORD })
    )
    const current = { authorization: `Bearer ${changed.body().access_token}` }

    await contract.check('GET /api/v1/me', client.get('/api/v1/me').headers(current))
    await contract.check('PATCH /api/v1/me', client.patch('/api/v1/me').headers(current).json({ display_name: 'Contract', bio: 'Samples' }))
    await contract.check('PUT /api/v1/me/avatar', client.put('/api/v1/me/avatar').headers(current).file('avatar', PNG, { filename: 'a.png' }))
    await contract.check('DELETE /api/v1/me/avatar', client.delete('/api/v1/me/avatar').headers(current))
    const another = await client.post('/api/v1/auth/login').header('x-forwarded-for', freshIp()).json({ login: username, password: PASSWORD })
    await contract.check('POST /api/v1/auth/logout', client.post('/api/v1/auth/logout').header('authorization', `Bearer ${another.body().access_token}`))
    await contract.check(
      'DELETE /api/v1/auth/account',
      client.delete('/api/v1/auth/account').headers(current).header('x-forwarded-for', freshIp()).json({ password: PASSWORD })
    )
    contract.assertClean(assert)
  })

  test('ratings, reviews, comments, reports and lists', async ({ client, assert }) => {
    const contract = await ContractChecker.load(client)
    const [alice, bob] = await UserFactory.createMany(2)
    const [matrix, heat] = await seedMovies(2)

    await contract.check(
      'PUT /api/v1/movies/{id}/rating',
      client.put(`/api/v1/movies/${matrix.id}/rating`).json({ rating: 4.5, review: 'A masterpiece.' }).loginAs(alice),
      201
    )
    await contract.check(
      'PUT /api/v1/movies/{id}/rating',
      client.put(`/api/v1/movies/${matrix.id}/rating`).json({ rating: 4, review: 'Still great.' }).loginAs(alice),
      200
    )
    await client.put(`/api/v1/movies/${heat.id}/rating`).json({ rating: 3 }).loginAs(alice)
    const reviews = await contract.check('GET /api/v1/movies/{id}/reviews', client.get(`/api/v1/movies/${matrix.id}/reviews`).loginAs(bob))
    const reviewId = reviews.body().data[0].id as number
    await contract.check('POST /api/v1/reviews/{id}/like', client.post(`/api/v1/reviews/${reviewId}/like`).loginAs(bob))
    await contract.check('GET /api/v1/movies/{id}/reviews', client.get(`/api/v1/movies/${matrix.id}/reviews`))
    await contract.check('DELETE /api/v1/reviews/{id}/like', client.delete(`/api/v1/reviews/${reviewId}/like`).loginAs(bob))
    await contract.check(
      'POST /api/v1/reviews/{id}/report',
      client.post(`/api/v1/reviews/${reviewId}/report`).json({ reason: 'spoilers' }).loginAs(bob),
      201
    )
    await contract.check('GET /api/v1/me/ratings', client.get('/api/v1/me/ratings').loginAs(alice))
    await contract.check('GET /api/v1/me/reviews', client.get('/api/v1/me/reviews').loginAs(alice))
    await contract.check('DELETE /api/v1/movies/{id}/rating', client.delete(`/api/v1/movies/${heat.id}/rating`).loginAs(alice))

    const comment = await contract.check(
      'POST /api/v1/movies/{id}/comments',
      client.post(`/api/v1/movies/${matrix.id}/comments`).json({ body: 'Who else?' }).loginAs(alice),
      201
    )
    const commentId = comment.body().id as number
    await client.post(`/api/v1/movies/${matrix.id}/comments`).json({ body: 'Me!', parent_id: commentId }).loginAs(bob)
    await contract.check('GET /api/v1/movies/{id}/comments', client.get(`/api/v1/movies/${matrix.id}/comments`))
    await contract.check('GET /api/v1/comments/{id}/replies', client.get(`/api/v1/comments/${commentId}/replies`))
    await contract.check('PATCH /api/v1/comments/{id}', client.patch(`/api/v1/comments/${commentId}`).json({ body: 'Who else, really?' }).loginAs(alice))
    await contract.check(
      'POST /api/v1/comments/{id}/report',
      client.post(`/api/v1/comments/${commentId}/report`).json({ reason: 'spam' }).loginAs(bob),
      201
    )
    await contract.check('DELETE /api/v1/comments/{id}', client.delete(`/api/v1/comments/${commentId}`).loginAs(alice))

    const list = await contract.check(
      'POST /api/v1/lists',
      client.post('/api/v1/lists').json({ title: 'Best of 1999', privacy: 'public', ranked: true }).loginAs(alice),
      201
    )
    const listId = list.body().id as number
    await contract.check('PUT /api/v1/lists/{id}/items/{movie_id}', client.put(`/api/v1/lists/${listId}/items/${matrix.id}`).json({ note: 'Top' }).loginAs(alice))
    await client.put(`/api/v1/lists/${listId}/items/${heat.id}`).json({}).loginAs(alice)
    await contract.check('PATCH /api/v1/lists/{id}', client.patch(`/api/v1/lists/${listId}`).json({ description: 'Two films' }).loginAs(alice))
    await contract.check('GET /api/v1/lists', client.get('/api/v1/lists'))
    await contract.check('GET /api/v1/lists/{id}', client.get(`/api/v1/lists/${listId}`).loginAs(alice))
    await contract.check('GET /api/v1/lists/{id}', client.get(`/api/v1/lists/${listId}`).loginAs(bob))
    await contract.check('GET /api/v1/me/lists', client.get('/api/v1/me/lists').loginAs(alice))
    await contract.check('POST /api/v1/lists/{id}/like', client.post(`/api/v1/lists/${listId}/like`).loginAs(bob))
    await contract.check('DELETE /api/v1/lists/{id}/like', client.delete(`/api/v1/lists/${listId}/like`).loginAs(bob))
    await contract.check(
      'POST /api/v1/lists/{id}/comments',
      client.post(`/api/v1/lists/${listId}/comments`).json({ body: 'Nice list' }).loginAs(bob),
      201
    )
    await contract.check('GET /api/v1/lists/{id}/comments', client.get(`/api/v1/lists/${listId}/comments`))
    await contract.check(
      'POST /api/v1/lists/{id}/report',
      client.post(`/api/v1/lists/${listId}/report`).json({ reason: 'other', message: 'Not a list' }).loginAs(bob),
      201
    )
    await contract.check('DELETE /api/v1/lists/{id}/items/{movie_id}', client.delete(`/api/v1/lists/${listId}/items/${heat.id}`).loginAs(alice))
    await contract.check('DELETE /api/v1/lists/{id}', client.delete(`/api/v1/lists/${listId}`).loginAs(alice))
    contract.assertClean(assert)
  })

  test('watchlist, favourites, diary, history, imports and exports', async ({ client, assert }) => {
    await resetTmdb()
    const contract = await ContractChecker.load(client)
    const user = await UserFactory.create()
    const [matrix, heat] = await seedMovies(2)
    const series = await ingestSeries(0)

    await contract.check('PUT /api/v1/me/watchlist/{movie_id}', client.put(`/api/v1/me/watchlist/${matrix.id}`).loginAs(user), 201)
    await contract.check('PATCH /api/v1/me/watchlist/{movie_id}', client.patch(`/api/v1/me/watchlist/${matrix.id}`).json({ watched: true }).loginAs(user))
    await contract.check('PUT /api/v1/me/watchlist/series/{series_id}', client.put(`/api/v1/me/watchlist/series/${series.id}`).loginAs(user), 201)
    await contract.check(
      'PATCH /api/v1/me/watchlist/series/{series_id}',
      client.patch(`/api/v1/me/watchlist/series/${series.id}`).json({ watched: false }).loginAs(user)
    )
    await contract.check('GET /api/v1/me/watchlist', client.get('/api/v1/me/watchlist').loginAs(user))
    await contract.check('GET /api/v1/me/watchlist/series', client.get('/api/v1/me/watchlist/series').loginAs(user))
    await contract.check('PUT /api/v1/me/favorites/{movie_id}', client.put(`/api/v1/me/favorites/${matrix.id}`).loginAs(user), 201)
    await contract.check('PUT /api/v1/me/favorites/series/{series_id}', client.put(`/api/v1/me/favorites/series/${series.id}`).loginAs(user), 201)
    await contract.check('GET /api/v1/me/favorites', client.get('/api/v1/me/favorites').loginAs(user))

    const entry = await contract.check(
      'POST /api/v1/me/diary',
      client.post('/api/v1/me/diary').json({ movie_id: heat.id, watched_on: '2025-03-01', rating: 4, review: 'Big screen' }).loginAs(user),
      201
    )
    await contract.check(
      'POST /api/v1/me/diary',
      client.post('/api/v1/me/diary').json({ series_id: series.id, season_number: 1, episode_number: 1, watched_on: '2025-03-02', rating: 4.5 }).loginAs(user),
      201
    )
    await contract.check('PATCH /api/v1/me/diary/{id}', client.patch(`/api/v1/me/diary/${entry.body().id}`).json({ rewatch: true }).loginAs(user))
    await contract.check('GET /api/v1/me/diary', client.get('/api/v1/me/diary').loginAs(user))
    await contract.check('DELETE /api/v1/me/diary/{id}', client.delete(`/api/v1/me/diary/${entry.body().id}`).loginAs(user))

    await db.table('view_history').insert({ user_id: user.id, movie_id: heat.id, first_viewed_at: new Date(), last_viewed_at: new Date(), view_count: 2 })
    await contract.check('GET /api/v1/me/history', client.get('/api/v1/me/history').loginAs(user))

    await contract.check('DELETE /api/v1/me/watchlist/{movie_id}', client.delete(`/api/v1/me/watchlist/${matrix.id}`).loginAs(user))
    await contract.check('DELETE /api/v1/me/watchlist/series/{series_id}', client.delete(`/api/v1/me/watchlist/series/${series.id}`).loginAs(user))
    await contract.check('DELETE /api/v1/me/favorites/{movie_id}', client.delete(`/api/v1/me/favorites/${matrix.id}`).loginAs(user))
    await contract.check('DELETE /api/v1/me/favorites/series/{series_id}', client.delete(`/api/v1/me/favorites/series/${series.id}`).loginAs(user))

    const started = await contract.check(
      'POST /api/v1/me/imports',
      client
        .post('/api/v1/me/imports')
        .field('source', 'imdb_ratings')
        .file('file', app.makePath('tests', 'fixtures', 'imports', 'imdb_ratings.csv'))
        .loginAs(user),
      202
    )
    const importId = started.body().import_id as number
    await eventually(async () => ['completed', 'failed'].includes((await client.get(`/api/v1/me/imports/${importId}`).loginAs(user)).body().status))
    await contract.check('GET /api/v1/me/imports/{id}', client.get(`/api/v1/me/imports/${importId}`).loginAs(user))

    const exported = await contract.check('POST /api/v1/me/export', client.post('/api/v1/me/export').loginAs(user), 202)
    const exportId = exported.body().export_id as number
    await exportReady(client, user, exportId)
    await contract.check('GET /api/v1/me/export/{id}', client.get(`/api/v1/me/export/${exportId}`).loginAs(user))
    await contract.check('GET /api/v1/me/export/{id}/download', downloadExport(client, `/api/v1/me/export/${exportId}/download`, user))
    contract.assertClean(assert)
  })

  test('recommendations', async ({ client, assert }) => {
    await resetTmdb()
    const contract = await ContractChecker.load(client)
    const [alice, bob] = await UserFactory.createMany(2)
    const movies = await seedMovies(6)
    const series = await ingestSeries(0)
    await ingestSeries(3) // shares a genre with the first
    await rateAll(client, alice, movies.slice(0, 3), 5)
    await rateAll(client, bob, movies.slice(0, 5), 4.5)

    await contract.check('GET /api/v1/me/recommendations', client.get('/api/v1/me/recommendations').loginAs(alice))
    await contract.check('GET /api/v1/me/recommendations', client.get('/api/v1/me/recommendations').qs({ type: 'series' }).loginAs(alice))
    await contract.check('GET /api/v1/movies/{id}/similar', client.get(`/api/v1/movies/${movies[0].id}/similar`))
    await contract.check('GET /api/v1/movies/{id}/recommendations', client.get(`/api/v1/movies/${movies[0].id}/recommendations`))
    await contract.check('GET /api/v1/series/{id}/similar', client.get(`/api/v1/series/${series.id}/similar`))
    await contract.check(
      'PUT /api/v1/me/recommendations/hidden/{movie_id}',
      client.put(`/api/v1/me/recommendations/hidden/${movies[5].id}`).loginAs(alice),
      201
    )
    await contract.check(
      'DELETE /api/v1/me/recommendations/hidden/{movie_id}',
      client.delete(`/api/v1/me/recommendations/hidden/${movies[5].id}`).loginAs(alice)
    )
    await contract.check(
      'PUT /api/v1/me/recommendations/hidden/series/{series_id}',
      client.put(`/api/v1/me/recommendations/hidden/series/${series.id}`).loginAs(alice),
      201
    )
    await contract.check(
      'DELETE /api/v1/me/recommendations/hidden/series/{series_id}',
      client.delete(`/api/v1/me/recommendations/hidden/series/${series.id}`).loginAs(alice)
    )
    contract.assertClean(assert)
  })

  test('series', async ({ client, assert }) => {
    await resetTmdb()
    const contract = await ContractChecker.load(client)
    const [alice, bob] = await UserFactory.createMany(2)
    const series = await ingestSeries(0)

    await contract.check('GET /api/v1/series', client.get('/api/v1/series'))
    await contract.check('GET /api/v1/series', client.get('/api/v1/series').loginAs(alice))
    await contract.check('GET /api/v1/series/search', client.get('/api/v1/series/search').qs({ q: series.name }))
    await contract.check('GET /api/v1/series/trending', client.get('/api/v1/series/trending'))
    await contract.check('GET /api/v1/series/popular', client.get('/api/v1/series/popular'))
    await contract.check('GET /api/v1/series/top-rated', client.get('/api/v1/series/top-rated'))
    await contract.check('GET /api/v1/search', client.get('/api/v1/search').qs({ q: series.name }).loginAs(alice))

    await contract.check(
      'PUT /api/v1/series/{id}/rating',
      client.put(`/api/v1/series/${series.id}/rating`).json({ rating: 4.5, review: 'Slow start, great finale.' }).loginAs(alice),
      201
    )
    await contract.check('PUT /api/v1/series/{id}/rating', client.put(`/api/v1/series/${series.id}/rating`).json({ rating: 4 }).loginAs(bob), 201)
    const episodePath = `/api/v1/series/${series.id}/seasons/1/episodes/1`
    await contract.check('PUT /api/v1/series/{id}/seasons/{number}/episodes/{episode}/rating', client.put(`${episodePath}/rating`).json({ rating: 4 }).loginAs(alice), 201)
    await contract.check('PUT /api/v1/series/{id}/seasons/{number}/episodes/{episode}/watched', client.put(`${episodePath}/watched`).loginAs(alice), 201)
    await contract.check('GET /api/v1/series/{id}', client.get(`/api/v1/series/${series.id}`))
    await contract.check('GET /api/v1/series/{id}', client.get(`/api/v1/series/${series.id}`).loginAs(alice))
    await contract.check('GET /api/v1/series/{id}/seasons/{number}', client.get(`/api/v1/series/${series.id}/seasons/1`).loginAs(alice))
    const reviews = await contract.check('GET /api/v1/series/{id}/reviews', client.get(`/api/v1/series/${series.id}/reviews`).loginAs(bob))
    const reviewId = reviews.body().data[0].id as number
    await contract.check('POST /api/v1/series/reviews/{id}/like', client.post(`/api/v1/series/reviews/${reviewId}/like`).loginAs(bob))
    await contract.check('DELETE /api/v1/series/reviews/{id}/like', client.delete(`/api/v1/series/reviews/${reviewId}/like`).loginAs(bob))
    await contract.check('DELETE /api/v1/series/{id}/seasons/{number}/episodes/{episode}/rating', client.delete(`${episodePath}/rating`).loginAs(alice))
    await contract.check('DELETE /api/v1/series/{id}/seasons/{number}/episodes/{episode}/watched', client.delete(`${episodePath}/watched`).loginAs(alice))
    await contract.check('DELETE /api/v1/series/{id}/rating', client.delete(`/api/v1/series/${series.id}/rating`).loginAs(alice))
    contract.assertClean(assert)
  })

  test('users, friends, blocks, feed and notifications', async ({ client, assert }) => {
    const contract = await ContractChecker.load(client)
    const [alice, bob, carol, dave] = await UserFactory.merge([
      { username: 'alice_contract' },
      { username: 'bob_contract' },
      { username: 'carol_contract' },
      { username: 'dave_contract' },
    ]).createMany(4)
    const [matrix] = await seedMovies(1)
    await makeFriends(alice, carol)
    await client.put(`/api/v1/movies/${matrix.id}/rating`).json({ rating: 4.5, review: 'Carol liked it' }).loginAs(carol)
    await client.put(`/api/v1/me/watchlist/${matrix.id}`).loginAs(carol)

    await contract.check('GET /api/v1/users', client.get('/api/v1/users').qs({ search: 'contract' }).loginAs(alice))
    await contract.check('GET /api/v1/users/{id}', client.get(`/api/v1/users/${carol.id}`).loginAs(alice))
    await contract.check('GET /api/v1/users/{id}/friends', client.get(`/api/v1/users/${carol.id}/friends`).loginAs(alice))
    await contract.check('GET /api/v1/users/{id}/ratings', client.get(`/api/v1/users/${carol.id}/ratings`).loginAs(alice))
    await contract.check('GET /api/v1/movies/{id}/friends', client.get(`/api/v1/movies/${matrix.id}/friends`).loginAs(alice))
    await contract.check('GET /api/v1/me/friends', client.get('/api/v1/me/friends').loginAs(alice))

    const request = await contract.check('POST /api/v1/users/{id}/friend-request', client.post(`/api/v1/users/${bob.id}/friend-request`).loginAs(alice), 201)
    await contract.check('GET /api/v1/me/friend-requests', client.get('/api/v1/me/friend-requests').loginAs(bob))
    await contract.check(
      'POST /api/v1/me/friend-requests/{id}/accept',
      client.post(`/api/v1/me/friend-requests/${request.body().id}/accept`).loginAs(bob)
    )
    const declined = await client.post(`/api/v1/users/${dave.id}/friend-request`).loginAs(alice)
    await contract.check('DELETE /api/v1/me/friend-requests/{id}', client.delete(`/api/v1/me/friend-requests/${declined.body().id}`).loginAs(dave))
    await contract.check('DELETE /api/v1/me/friends/{user_id}', client.delete(`/api/v1/me/friends/${bob.id}`).loginAs(alice))

    await contract.check('PUT /api/v1/me/blocks/{user_id}', client.put(`/api/v1/me/blocks/${dave.id}`).loginAs(alice), 201)
    await contract.check('GET /api/v1/me/blocks', client.get('/api/v1/me/blocks').loginAs(alice))
    await contract.check('DELETE /api/v1/me/blocks/{user_id}', client.delete(`/api/v1/me/blocks/${dave.id}`).loginAs(alice))

    await eventually(async () => (await client.get('/api/v1/me/feed').loginAs(alice)).body().data?.length > 0)
    await contract.check('GET /api/v1/me/feed', client.get('/api/v1/me/feed').loginAs(alice))

    await eventually(async () => (await client.get('/api/v1/me/notifications').loginAs(bob)).body().data?.length > 0)
    const notifications = await contract.check('GET /api/v1/me/notifications', client.get('/api/v1/me/notifications').loginAs(bob))
    await contract.check(
      'POST /api/v1/me/notifications/{id}/read',
      client.post(`/api/v1/me/notifications/${notifications.body().data[0].id}/read`).loginAs(bob)
    )
    await contract.check(
      'POST /api/v1/me/notifications/read',
      client.post('/api/v1/me/notifications/read').json({ ids: [notifications.body().data[0].id] }).loginAs(bob)
    )
    contract.assertClean(assert)
  })

  test('chat', async ({ client, assert }) => {
    const contract = await ContractChecker.load(client)
    const [alice, bob] = await UserFactory.createMany(2)
    const [matrix] = await seedMovies(1)
    await makeFriends(alice, bob)

    const direct = await contract.check(
      'POST /api/v1/chat/rooms',
      client.post('/api/v1/chat/rooms').json({ type: 'direct', user_id: bob.id }).loginAs(alice),
      201
    )
    const roomId = direct.body().id as number
    await contract.check('POST /api/v1/chat/rooms', client.post('/api/v1/chat/rooms').json({ type: 'direct', user_id: alice.id }).loginAs(bob), 200)
    const message = await contract.check(
      'POST /api/v1/chat/rooms/{id}/messages',
      client.post(`/api/v1/chat/rooms/${roomId}/messages`).json({ body: 'Who else loved the ending?' }).loginAs(alice),
      201
    )
    await contract.check('GET /api/v1/chat/rooms/{id}/messages', client.get(`/api/v1/chat/rooms/${roomId}/messages`).loginAs(bob))
    await contract.check('GET /api/v1/chat/rooms', client.get('/api/v1/chat/rooms').loginAs(bob))
    await contract.check(
      'POST /api/v1/chat/rooms/{id}/read',
      client.post(`/api/v1/chat/rooms/${roomId}/read`).json({ message_id: message.body().id }).loginAs(bob)
    )
    const movieRoom = await client.post('/api/v1/chat/rooms').json({ type: 'movie', movie_id: matrix.id }).loginAs(alice)
    await contract.check('GET /api/v1/chat/rooms', client.get('/api/v1/chat/rooms').loginAs(alice))
    await contract.check('DELETE /api/v1/chat/rooms/{id}/membership', client.delete(`/api/v1/chat/rooms/${movieRoom.body().id}/membership`).loginAs(alice))
    contract.assertClean(assert)
  })

  test('beyond the seeds: collections', async ({ client, assert }) => {
    const contract = await ContractChecker.load(client)
    const user = await UserFactory.create()
    // Toy Story from the fake TMDB: in a collection, with videos.
    const { movie } = await syncMovie(862, { client: testClient(), announce: false })
    const sequel = (await syncMovie(863, { client: testClient(), announce: false })).movie
    await client.put(`/api/v1/movies/${sequel.id}/rating`).json({ rating: 4 }).loginAs(user)

    const detail = await contract.check('GET /api/v1/movies/{id}', client.get(`/api/v1/movies/${movie.id}`))
    assert.isNotNull(detail.body().collection)
    assert.isNotEmpty(detail.body().videos)
    await contract.check('GET /api/v1/movies/{id}', client.get(`/api/v1/movies/${movie.id}`).loginAs(user))
    const collectionId = detail.body().collection.id
    await contract.check('GET /api/v1/collections/{id}', client.get(`/api/v1/collections/${collectionId}`))
    const mine = await contract.check('GET /api/v1/collections/{id}', client.get(`/api/v1/collections/${collectionId}`).loginAs(user))
    assert.equal(mine.body().watched_count, 1)
    await contract.check('GET /api/v1/collections/{id}', client.get('/api/v1/collections/2147483000'), 404)
    contract.assertClean(assert)
  })

  test('beyond the seeds: people and filmographies', async ({ client, assert }) => {
    await resetTmdb()
    const contract = await ContractChecker.load(client)
    const user = await UserFactory.create()
    const [movie] = await seedMovies(1)
    const actor = await PersonFactory.merge({ name: 'Aldric Ashgrove Contract', popularity: 3 }).create()
    await CastCreditFactory.merge({ movieId: movie.id, personId: actor.id, character: 'Neo' }).create()
    await CrewCreditFactory.merge({ movieId: movie.id, personId: actor.id, job: 'Producer', department: 'Production' }).create()
    await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 4 }).loginAs(user)

    await contract.check('GET /api/v1/people/{id}', client.get(`/api/v1/people/${actor.id}`))
    await contract.check('GET /api/v1/people/{id}', client.get(`/api/v1/people/${actor.id}`).loginAs(user))
    await contract.check('GET /api/v1/people/{id}', client.get('/api/v1/people/2147483000'), 404)
    await contract.check('GET /api/v1/people/{id}/credits', client.get(`/api/v1/people/${actor.id}/credits`))
    await contract.check(
      'GET /api/v1/people/{id}/credits',
      client.get(`/api/v1/people/${actor.id}/credits`).qs({ role: 'crew', sort: '-popularity' }).loginAs(user)
    )
    await contract.check('GET /api/v1/people/{id}/credits', client.get('/api/v1/people/2147483000/credits'), 404)
    await contract.check('GET /api/v1/people/{id}/credits', client.get(`/api/v1/people/${actor.id}/credits`).qs({ role: 'writer' }), 422)
    await contract.check('GET /api/v1/search', client.get('/api/v1/search').qs({ q: 'ashgrove', type: 'person' }))
    await contract.check('GET /api/v1/search', client.get('/api/v1/search').qs({ type: 'person' }), 422)
    contract.assertClean(assert)
  })

  test('beyond the seeds: notification preferences', async ({ client, assert }) => {
    const contract = await ContractChecker.load(client)
    const user = await UserFactory.create()
    await contract.check('GET /api/v1/me/notification-settings', client.get('/api/v1/me/notification-settings').loginAs(user))
    await contract.check(
      'PATCH /api/v1/me/notification-settings',
      client.patch('/api/v1/me/notification-settings').json({ friend_request: { email: false }, chat_message: { in_app: false } }).loginAs(user)
    )
    await contract.check(
      'PATCH /api/v1/me/notification-settings',
      client.patch('/api/v1/me/notification-settings').json({ friend_request: { email: 'yes' } }).loginAs(user),
      422
    )
    await contract.check('GET /api/v1/me/notification-settings', client.get('/api/v1/me/notification-settings'), 401)
    contract.assertClean(assert)
  })

  test('beyond the seeds: watch providers', async ({ client, assert }) => {
    await resetTmdb()
    const contract = await ContractChecker.load(client)
    const { movie } = await syncMovie(550, { client: testClient(), announce: false })
    await refreshWatchProviderList({ client: testClient() })
    const user = await UserFactory.create()
    const [region, offers] = Object.entries(fakeTmdb().watchProviders(550)!.results)[0]
    const offered = [...(offers.flatrate ?? []), ...(offers.rent ?? []), ...(offers.buy ?? []), ...(offers.free ?? [])][0].provider_id

    await contract.check('GET /api/v1/movies/{id}', client.get(`/api/v1/movies/${movie.id}`))
    await contract.check('GET /api/v1/movies/{id}/watch-providers', client.get(`/api/v1/movies/${movie.id}/watch-providers`))
    await contract.check('GET /api/v1/movies/{id}/watch-providers', client.get(`/api/v1/movies/${movie.id}/watch-providers`).qs({ region: 'GB' }).loginAs(user))
    await contract.check('GET /api/v1/movies/{id}/watch-providers', client.get('/api/v1/movies/2147483000/watch-providers'), 404)
    await contract.check('GET /api/v1/movies/{id}/watch-providers', client.get(`/api/v1/movies/${movie.id}/watch-providers`).qs({ region: 'usa' }), 422)
    await contract.check('GET /api/v1/watch-providers', client.get('/api/v1/watch-providers'))
    await contract.check('GET /api/v1/watch-providers', client.get('/api/v1/watch-providers').qs({ region }).loginAs(user))
    await contract.check('GET /api/v1/watch-providers', client.get('/api/v1/watch-providers').qs({ region: 'x' }), 422)
    await contract.check('GET /api/v1/me/services', client.get('/api/v1/me/services').loginAs(user))
    await contract.check('GET /api/v1/me/services', client.get('/api/v1/me/services'), 401)
    await contract.check('PUT /api/v1/me/services', client.put('/api/v1/me/services').json({ region, provider_ids: [offered] }).loginAs(user), 201)
    await contract.check('PUT /api/v1/me/services', client.put('/api/v1/me/services').json({ region, provider_ids: [offered] }).loginAs(user), 200)
    await contract.check('PUT /api/v1/me/services', client.put('/api/v1/me/services').json({ region: 'US', provider_ids: [987_654] }).loginAs(user), 422)
    await contract.check('PUT /api/v1/me/services', client.put('/api/v1/me/services').json({ region: 'US', provider_ids: [] }), 401)
    await contract.check('GET /api/v1/movies', client.get('/api/v1/movies').qs({ available_on: String(offered), region }))
    await contract.check('GET /api/v1/movies', client.get('/api/v1/movies').qs({ available_on: 'mine' }).loginAs(user))
    await contract.check('GET /api/v1/movies', client.get('/api/v1/movies').qs({ available_on: 'mine' }), 401)
    contract.assertClean(assert)
  })

  test('beyond the seeds: two-factor sign-in', async ({ client, assert }) => {
    const contract = await ContractChecker.load(client)
    await nextMinute()
    const [user, other] = await UserFactory.createMany(2)
    // setup 200 → enable 422 (wrong code) → enable 200 → setup and enable 409.
    const { secret } = await enableTwoFactor(client, other)
    const setup = await contract.check('POST /api/v1/auth/2fa/setup', client.post('/api/v1/auth/2fa/setup').loginAs(user))
    const pending = setup.body().secret as string
    const step = currentStep()
    await contract.check(
      'POST /api/v1/auth/2fa/enable',
      client.post('/api/v1/auth/2fa/enable').json({ code: wrongCodeAround(pending, step) }).loginAs(user),
      422
    )
    await contract.check(
      'POST /api/v1/auth/2fa/enable',
      client.post('/api/v1/auth/2fa/enable').json({ code: codeAt(pending, step) }).loginAs(user)
    )
    await contract.check('POST /api/v1/auth/2fa/setup', client.post('/api/v1/auth/2fa/setup').loginAs(user), 409)
    await contract.check(
      'POST /api/v1/auth/2fa/enable',
      client.post('/api/v1/auth/2fa/enable').json({ code: codeAt(pending, step) }).loginAs(user),
      409
    )

    // login 200 (the challenge) → verify 422, 200, then 401 for the used token.
    const login = await contract.check(
      'POST /api/v1/auth/login',
      client.post('/api/v1/auth/login').header('x-forwarded-for', freshIp()).json({ login: other.username, password: PASSWORD })
    )
    const token = login.body().two_factor_token as string
    await contract.check('POST /api/v1/auth/2fa/verify', verifyCode(client, token, wrongCodeAround(secret, currentStep())), 422)
    await contract.check('POST /api/v1/auth/2fa/verify', verifyCode(client, token, codeAt(secret, currentStep())))
    await contract.check('POST /api/v1/auth/2fa/verify', verifyCode(client, token, codeAt(secret, currentStep() + 1)), 401)
    const second = await challengeFor(client, other)
    assert.notEqual(second, token)

    // disable: 401 wrong password, 422 wrong code, 204, then 409.
    const disable = (body: Record<string, string>) =>
      client.post('/api/v1/auth/2fa/disable').header('x-forwarded-for', freshIp()).json(body).loginAs(user)
    await contract.check('POST /api/v1/auth/2fa/disable', disable({ password: 'not-the-password', code: codeAt(pending, step + 1) }), 401)
    await contract.check('POST /api/v1/auth/2fa/disable', disable({ password: PASSWORD, code: wrongCodeAround(pending, step) }), 422)
    await contract.check('POST /api/v1/auth/2fa/disable', disable({ password: PASSWORD, code: codeAt(pending, step + 1) }), 204)
    await contract.check('POST /api/v1/auth/2fa/disable', disable({ password: PASSWORD, code: codeAt(pending, step + 1) }), 409)
    await contract.check('GET /api/v1/me', client.get('/api/v1/me').loginAs(other))
    contract.assertClean(assert)
  })

  test('beyond the seeds: comments and conversation', async ({ client, assert }) => {
    const contract = await ContractChecker.load(client)
    const [alice, bob, carol] = await UserFactory.createMany(3)
    const [matrix] = await seedMovies(1)
    await makeFriends(alice, bob)

    await contract.check(
      'PUT /api/v1/movies/{id}/rating',
      client
        .put(`/api/v1/movies/${matrix.id}/rating`)
        .json({ rating: 4.5, review: 'A masterpiece.', comment_policy: 'friends' })
        .loginAs(alice),
      201
    )
    const reviews = await contract.check('GET /api/v1/movies/{id}/reviews', client.get(`/api/v1/movies/${matrix.id}/reviews`))
    const reviewId = reviews.body().data[0].id as number
    const comment = await contract.check(
      'POST /api/v1/reviews/{id}/comments',
      client.post(`/api/v1/reviews/${reviewId}/comments`).json({ body: 'Agreed.' }).loginAs(bob),
      201
    )
    const commentId = comment.body().id as number
    await contract.check(
      'POST /api/v1/reviews/{id}/comments',
      client.post(`/api/v1/reviews/${reviewId}/comments`).json({ body: 'Let me in' }).loginAs(carol),
      403
    )
    await contract.check(
      'POST /api/v1/reviews/{id}/comments',
      client.post('/api/v1/reviews/999999999/comments').json({ body: 'Anyone?' }).loginAs(carol),
      404
    )
    await contract.check(
      'POST /api/v1/reviews/{id}/comments',
      client.post(`/api/v1/reviews/${reviewId}/comments`).json({ body: '' }).loginAs(bob),
      422
    )
    await contract.check('POST /api/v1/comments/{id}/like', client.post(`/api/v1/comments/${commentId}/like`).loginAs(alice), 204)
    await contract.check('POST /api/v1/comments/{id}/like', client.post('/api/v1/comments/999999/like').loginAs(alice), 404)
    await contract.check('POST /api/v1/comments/{id}/like', client.post(`/api/v1/comments/${commentId}/like`), 401)
    await contract.check('GET /api/v1/reviews/{id}/comments', client.get(`/api/v1/reviews/${reviewId}/comments`).loginAs(alice))
    await contract.check('GET /api/v1/reviews/{id}/comments', client.get(`/api/v1/reviews/${reviewId}/comments`))
    await contract.check('GET /api/v1/reviews/{id}/comments', client.get('/api/v1/reviews/999999999/comments'), 404)
    await contract.check('GET /api/v1/me/reviews', client.get('/api/v1/me/reviews').loginAs(alice))
    await contract.check('DELETE /api/v1/comments/{id}/like', client.delete(`/api/v1/comments/${commentId}/like`).loginAs(alice), 204)
    await contract.check('DELETE /api/v1/comments/{id}/like', client.delete('/api/v1/comments/999999/like').loginAs(alice), 404)

    const list = await contract.check(
      'POST /api/v1/lists',
      client.post('/api/v1/lists').json({ title: 'Quiet ones', privacy: 'public', comment_policy: 'none' }).loginAs(alice),
      201
    )
    const listId = list.body().id as number
    await contract.check(
      'POST /api/v1/lists/{id}/comments',
      client.post(`/api/v1/lists/${listId}/comments`).json({ body: 'Nice' }).loginAs(bob),
      403
    )
    await contract.check(
      'PATCH /api/v1/lists/{id}',
      client.patch(`/api/v1/lists/${listId}`).json({ comment_policy: 'anyone' }).loginAs(alice)
    )
    await contract.check(
      'PATCH /api/v1/lists/{id}',
      client.patch(`/api/v1/lists/${listId}`).json({ comment_policy: 'everyone' }).loginAs(alice),
      422
    )
    await contract.check('GET /api/v1/lists/{id}', client.get(`/api/v1/lists/${listId}`))
    contract.assertClean(assert)
  })

  test('beyond the seeds: film statistics, lists, tags and calendar', async ({ client, assert }) => {
    await resetTmdb()
    const contract = await ContractChecker.load(client)
    const [alice, bob] = await UserFactory.createMany(2)
    const [matrix] = await seedMovies(1)
    const hidden = await MovieFactory.merge({ isHidden: true }).create()
    const soon = DateTime.utc().plus({ days: 5 })
    const upcoming = await MovieFactory.merge({ releaseDate: soon, year: soon.year }).create()
    const series = await ingestSeries(0)
    await db.from('episodes').where({ series_id: series.id, season_number: 1, episode_number: 1 }).update({ air_date: soon.plus({ days: 1 }).toISODate() })
    await client.put(`/api/v1/movies/${matrix.id}/rating`).json({ rating: 4.5, review: 'Still holds up.' }).loginAs(bob)
    const list = await client.post('/api/v1/lists').json({ title: 'Cyberpunk', privacy: 'public' }).loginAs(bob)
    await client.put(`/api/v1/lists/${list.body().id}/items/${matrix.id}`).json({}).loginAs(bob)
    await client.put(`/api/v1/me/watchlist/${upcoming.id}`).loginAs(alice)
    await client.put(`/api/v1/me/watchlist/series/${series.id}`).loginAs(alice)

    await contract.check('GET /api/v1/movies/{id}/stats', client.get(`/api/v1/movies/${matrix.id}/stats`))
    await contract.check('GET /api/v1/movies/{id}/stats', client.get(`/api/v1/movies/${hidden.id}/stats`), 404)
    await contract.check('GET /api/v1/movies/{id}/lists', client.get(`/api/v1/movies/${matrix.id}/lists`))
    await contract.check('GET /api/v1/movies/{id}/lists', client.get(`/api/v1/movies/${matrix.id}/lists`).loginAs(alice))
    await contract.check('GET /api/v1/movies/{id}/lists', client.get(`/api/v1/movies/${hidden.id}/lists`), 404)
    await contract.check('GET /api/v1/movies/{id}/lists', client.get(`/api/v1/movies/${matrix.id}/lists`).qs({ per_page: 0 }), 422)

    const tagsPath = `/api/v1/me/movies/${matrix.id}/tags`
    await contract.check('PUT /api/v1/me/movies/{id}/tags', client.put(tagsPath).json({ tags: ['cyberpunk', 'Mind-bending'] }).loginAs(alice))
    await contract.check('PUT /api/v1/me/movies/{id}/tags', client.put(tagsPath).json({ tags: ['x'.repeat(41)] }).loginAs(alice), 422)
    await contract.check('PUT /api/v1/me/movies/{id}/tags', client.put(`/api/v1/me/movies/${hidden.id}/tags`).json({ tags: ['a'] }).loginAs(alice), 404)
    await contract.check('PUT /api/v1/me/movies/{id}/tags', client.put(tagsPath).json({ tags: ['a'] }), 401)
    await contract.check('GET /api/v1/me/movies/{id}/tags', client.get(tagsPath).loginAs(alice))
    await contract.check('GET /api/v1/me/movies/{id}/tags', client.get(`/api/v1/me/movies/${hidden.id}/tags`).loginAs(alice), 404)
    await contract.check('GET /api/v1/movies/{id}/tags', client.get(`/api/v1/movies/${matrix.id}/tags`))
    await contract.check('GET /api/v1/movies/{id}/tags', client.get(`/api/v1/movies/${hidden.id}/tags`), 404)

    const entries = await contract.check('GET /api/v1/me/calendar', client.get('/api/v1/me/calendar').loginAs(alice))
    assert.sameMembers(
      entries.body().data.map((entry: { type: string }) => entry.type),
      ['movie_release', 'episode']
    )
    await contract.check('GET /api/v1/me/calendar', client.get('/api/v1/me/calendar').qs({ from: '2026-01-10', to: '2026-01-01' }).loginAs(alice), 422)
    await contract.check('GET /api/v1/me/calendar', client.get('/api/v1/me/calendar'), 401)
    contract.assertClean(assert)
  })

  test('the checker catches drift: an unknown field, a missing field, a wrong type', async ({ client, assert }) => {
    const contract = await ContractChecker.load(client)
    const [movie] = await seedMovies(1)
    const body = (await client.get(`/api/v1/movies/${movie.id}`)).body()
    const operation = 'GET /api/v1/movies/{id}'
    assert.deepEqual(contract.errorsOf(operation, 200, body), [])
    assert.lengthOf(contract.errorsOf(operation, 200, { ...body, secret: 1 }), 1)
    const { title: _title, ...untitled } = body
    assert.match(contract.errorsOf(operation, 200, untitled)[0], /required property 'title'/)
    assert.match(contract.errorsOf(operation, 200, { ...body, genres: [{ id: 1, name: 'x', extra: true }] })[0], /^\/genres\/0 /)
    assert.lengthOf(contract.errorsOf(operation, 200, { ...body, runtime: '136' }), 1)
    const page = (await client.get('/api/v1/movies')).body()
    assert.isNotEmpty(contract.errorsOf('GET /api/v1/movies', 200, { ...page, meta: { ...page.meta, extra: 1 } }))
  })

  test('every operation of the document has a sample', async ({ client, assert }) => {
    const contract = await ContractChecker.load(client)
    const operations = contract.operations()
    assert.isAbove(operations.length, 100)
    // Runs last: the tests above sampled what they could; a new route needs a sample there.
    assert.deepEqual(
      operations.filter((operation) => !sampled.has(operation)),
      []
    )
  })
})

async function rateAll(client: ApiClient, user: User, movies: Movie[], rating: number) {
  for (const movie of movies) {
    const response = await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating }).loginAs(user)
    if (response.status() >= 300) throw new Error(`rating: ${response.status()} ${JSON.stringify(response.body())}`)
  }
}
