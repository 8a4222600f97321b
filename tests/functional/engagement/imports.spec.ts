import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import Rating from '#models/rating'
import DiaryEntry from '#models/diary_entry'
import DataImport from '#models/data_import'
import type User from '#models/user'
import type { ApiClient } from '@japa/api-client'
import { assertError, assertValidation, countRows, eventually } from './helpers.js'

const fixture = (name: string) => app.makePath('tests', 'fixtures', 'imports', name)

/** The catalogue rows the fixture files refer to, plus decoys. */
async function catalogue() {
  const matrix = await MovieFactory.merge({ title: 'The Matrix', originalTitle: 'The Matrix', year: 1999, imdbId: 'tt0133093', popularity: 80 }).create()
  const heat = await MovieFactory.merge({ title: 'Heat', originalTitle: 'Heat', year: 1995, imdbId: 'tt0113277', popularity: 50 }).create()
  // Same title, other year: must not be picked for "Heat (1995)".
  const heat1972 = await MovieFactory.merge({ title: 'Heat', originalTitle: 'Heat', year: 1972, imdbId: null, popularity: 99 }).create()
  // Catalogued as 2004 while the files say 2003 (release years differ by country).
  const oldboy = await MovieFactory.merge({ title: 'Oldboy', originalTitle: 'Oldeuboi', year: 2004, imdbId: null, popularity: 40 }).create()
  const amelie = await MovieFactory.merge({
    title: 'Amélie',
    originalTitle: "Le fabuleux destin d'Amélie Poulain",
    year: 2001,
    imdbId: null,
    popularity: 30,
  }).create()
  const wonderful = await MovieFactory.merge({ title: "It's a Wonderful Life", originalTitle: "It's a Wonderful Life", year: 1946, imdbId: null }).create()
  return { matrix, heat, heat1972, oldboy, amelie, wonderful }
}

async function upload(client: ApiClient, user: User, source: string, file: string) {
  return client.post('/api/v1/me/imports').field('source', source).file('file', fixture(file)).loginAs(user)
}

async function finished(client: ApiClient, user: User, importId: number) {
  return eventually(async () => {
    const response = await client.get(`/api/v1/me/imports/${importId}`).loginAs(user)
    const body = response.body()
    return body.status === 'completed' || body.status === 'failed' ? body : null
  })
}

test.group('Engagement / imports', () => {
  test('a Letterboxd diary adds entries, the latest rating and tags, never overwriting', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const { matrix, heat, heat1972, oldboy } = await catalogue()
    await Rating.create({ userId: user.id, movieId: heat.id, rating: 2, containsSpoilers: false })
    await DiaryEntry.create({ userId: user.id, movieId: heat.id, watchedOn: DateTime.fromISO('2024-02-09'), rewatch: false, containsSpoilers: false })

    const response = await upload(client, user, 'letterboxd_diary', 'letterboxd_diary.csv')
    response.assertStatus(202)
    assert.isNumber(response.body().import_id)

    const result = await finished(client, user, response.body().import_id)
    assert.containSubset(result, {
      source: 'letterboxd_diary',
      status: 'completed',
      file_name: 'letterboxd_diary.csv',
      total_rows: 6,
      processed_rows: 6,
      progress: 100,
      matched_rows: 4,
      unmatched_count: 2,
      added: { ratings: 1, diary_entries: 3, tags: 3 },
      skipped_existing: 1,
      error: null,
    })
    assert.deepEqual(result.unmatched_rows, [
      { row: 5, title: 'A Film Nobody Made', year: 2011, imdb_id: null, reason: 'not_found' },
      { row: 7, title: 'Heat', year: 1995, imdb_id: null, reason: 'invalid_rating' },
    ])

    const entries = await DiaryEntry.query().where('user_id', user.id).orderBy('watched_on')
    assert.deepEqual(
      entries.map((e) => [e.movieId, e.watchedOn.toISODate(), e.rewatch, e.rating]),
      [
        [matrix.id, '2024-01-02', false, 5],
        [heat.id, '2024-02-09', false, null],
        [matrix.id, '2024-03-15', true, 4.5],
        [oldboy.id, '2024-05-19', false, null],
      ]
    )
    const ratings = await Rating.query().where('user_id', user.id).orderBy('movie_id')
    assert.deepEqual(ratings.map((r) => [r.movieId, r.rating]), [
      [matrix.id, 4.5],
      [heat.id, 2],
    ])
    const tags = await db.from('movie_tags').where('user_id', user.id).orderBy('tag').select('movie_id', 'tag')
    assert.deepEqual(tags, [
      { movie_id: oldboy.id, tag: 'korea' },
      { movie_id: matrix.id, tag: 'rewatchable' },
      { movie_id: matrix.id, tag: 'sci-fi' },
    ])
    assert.equal(await countRows('diary_entries', { movie_id: heat1972.id }), 0)
    const record = await DataImport.findOrFail(result.id)
    assert.isNull(record.fileKey)
  }).timeout(30_000)

  test('Letterboxd ratings are added with their dates and the averages follow; importing again adds nothing', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const { matrix, heat, wonderful } = await catalogue()
    await Rating.create({ userId: user.id, movieId: heat.id, rating: 2, containsSpoilers: false })
    // Prime the catalogue cache: the import must invalidate it.
    assert.isNull((await client.get(`/api/v1/movies/${matrix.id}`)).body().average_rating)

    const first = await upload(client, user, 'letterboxd_ratings', 'letterboxd_ratings.csv')
    first.assertStatus(202)
    const result = await finished(client, user, first.body().import_id)
    assert.containSubset(result, {
      status: 'completed',
      total_rows: 5,
      matched_rows: 3,
      unmatched_count: 2,
      added: { ratings: 2, diary_entries: 0, tags: 0 },
      skipped_existing: 1,
    })
    assert.deepEqual(
      result.unmatched_rows.map((row: { row: number; reason: string }) => [row.row, row.reason]),
      [
        [5, 'not_found'],
        [6, 'invalid_rating'],
      ]
    )
    const matrixRating = await Rating.query().where({ userId: user.id, movieId: matrix.id }).firstOrFail()
    assert.equal(matrixRating.rating, 4.5)
    assert.equal(matrixRating.createdAt.toUTC().toISODate(), '2023-11-02')
    assert.equal((await Rating.query().where({ userId: user.id, movieId: wonderful.id }).firstOrFail()).rating, 5)
    assert.equal((await Rating.query().where({ userId: user.id, movieId: heat.id }).firstOrFail()).rating, 2)
    const detail = await client.get(`/api/v1/movies/${matrix.id}`)
    assert.containSubset(detail.body(), { average_rating: 4.5, rating_count: 1 })

    const again = await upload(client, user, 'letterboxd_ratings', 'letterboxd_ratings.csv')
    const second = await finished(client, user, again.body().import_id)
    assert.containSubset(second, { status: 'completed', added: { ratings: 0 }, skipped_existing: 3 })
    assert.equal(await countRows('ratings', { user_id: user.id }), 3)
  }).timeout(30_000)

  test('IMDb ratings match by IMDb id first, then title and year, and map 1–10 to 0.5–5', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const { matrix, heat, oldboy, amelie } = await catalogue()
    await Rating.create({ userId: user.id, movieId: heat.id, rating: 2, containsSpoilers: false })

    const response = await upload(client, user, 'imdb_ratings', 'imdb_ratings.csv')
    response.assertStatus(202)
    const result = await finished(client, user, response.body().import_id)
    assert.containSubset(result, {
      status: 'completed',
      total_rows: 5,
      matched_rows: 4,
      unmatched_count: 1,
      added: { ratings: 3 },
      skipped_existing: 1,
    })
    assert.deepEqual(result.unmatched_rows, [
      { row: 5, title: 'Breaking Bad', year: 2008, imdb_id: 'tt0903747', reason: 'not_found' },
    ])
    const ratings = await Rating.query().where('user_id', user.id).orderBy('movie_id')
    assert.deepEqual(ratings.map((r) => [r.movieId, r.rating]), [
      [matrix.id, 4.5],
      [heat.id, 2],
      [oldboy.id, 3.5],
      [amelie.id, 5],
    ])
  }).timeout(30_000)

  test('a file that is not what its source says, or no file, is 422 with nothing written', async ({ client, assert }) => {
    const user = await UserFactory.create()
    await catalogue()
    const wrong = await upload(client, user, 'imdb_ratings', 'letterboxd_diary.csv')
    assertValidation(assert, wrong, 'file')
    assert.include(wrong.body().error.details[0].message, 'Const')
    assertValidation(assert, await upload(client, user, 'netflix', 'imdb_ratings.csv'), 'source')
    assertValidation(assert, await client.post('/api/v1/me/imports').field('source', 'imdb_ratings').loginAs(user), 'file')
    const notCsv = await client
      .post('/api/v1/me/imports')
      .field('source', 'imdb_ratings')
      .file('file', app.makePath('tests', 'fixtures', 'imports', 'README.md'))
      .loginAs(user)
    assertValidation(assert, notCsv, 'file')
    assertError(assert, await client.post('/api/v1/me/imports').field('source', 'imdb_ratings').file('file', fixture('imdb_ratings.csv')), 401, 'E_UNAUTHORIZED')
    assert.equal(await countRows('data_imports'), 0)
    assert.equal(await countRows('ratings'), 0)
  })

  test("an import is visible to its owner only", async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    await catalogue()
    const response = await upload(client, alice, 'imdb_ratings', 'imdb_ratings.csv')
    const id = response.body().import_id
    await finished(client, alice, id)
    assertError(assert, await client.get(`/api/v1/me/imports/${id}`).loginAs(bob), 404, 'E_NOT_FOUND')
    assertError(assert, await client.get('/api/v1/me/imports/999999').loginAs(alice), 404, 'E_NOT_FOUND')
    assert.equal(await countRows('ratings', { user_id: bob.id }), 0)
  }).timeout(30_000)
})
