import { test } from '@japa/runner'
import { UserFactory } from '#factories/user_factory'
import { MovieFactory } from '#factories/movie_factory'
import { GenreFactory } from '#factories/genre_factory'
import Movie from '#models/movie'
import queue from '#jobs/queue/queue'

test.group('Catalogue / POST /movies', () => {
  test('a moderator imports by tmdb_id: 202 with a job that fills the movie from TMDB', async ({ client, assert }) => {
    const moderator = await UserFactory.apply('moderator').create()
    const response = await client.post('/api/v1/movies').loginAs(moderator).json({ tmdb_id: 603 })

    response.assertStatus(202)
    const jobId = response.body().job_id
    assert.isString(jobId)
    const job = await queue.queue('metadata').getJob(jobId)
    assert.equal(job!.data.tmdbId, 603)
    await job!.waitUntilFinished(await queue.events('metadata'), 20_000)

    const movie = await Movie.findByOrFail('tmdb_id', 603)
    assert.equal(movie.title, 'The Matrix')
    assert.isNotNull(movie.metadataSyncedAt)
  })

  test('a moderator creates a movie by hand: 201 with MovieDetail', async ({ client, assert }) => {
    const moderator = await UserFactory.apply('moderator').create()
    await GenreFactory.merge({ id: 18, name: 'Drama' }).create()
    const response = await client.post('/api/v1/movies').loginAs(moderator).json({
      title: 'Home Movie',
      release_date: '2024-05-01',
      runtime: 95,
      genre_ids: [18],
    })

    response.assertStatus(201)
    assert.include(response.body(), { title: 'Home Movie', release_date: '2024-05-01', year: 2024, runtime: 95 })
    assert.deepEqual(response.body().genres, [{ id: 18, name: 'Drama' }])
    const stored = await Movie.findOrFail(response.body().id)
    assert.equal(stored.title, 'Home Movie')
    const listed = await client.get('/api/v1/movies')
    assert.include(listed.body().data.map((m: { id: number }) => m.id), stored.id)
  })

  test('an adult title created by hand is returned to its creator whatever their maturity filter; others without the filter never see it', async ({ client, assert }) => {
    const moderator = await UserFactory.apply('moderator').create()
    const response = await client.post('/api/v1/movies').loginAs(moderator).json({ title: 'After Dark', release_date: '2024-05-01', adult: true })

    response.assertStatus(201)
    assert.include(response.body(), { title: 'After Dark', adult: true })
    const stored = await Movie.findOrFail(response.body().id)
    assert.isTrue(stored.adult)
    // The catalogue still applies maturity filters to everyone, the creator included.
    ;(await client.get(`/api/v1/movies/${stored.id}`).loginAs(moderator)).assertStatus(404)
    ;(await client.get(`/api/v1/movies/${stored.id}`)).assertStatus(404)
  })

  test('an existing tmdb_id is 409 and queues nothing', async ({ client, assert }) => {
    const moderator = await UserFactory.apply('moderator').create()
    await MovieFactory.merge({ tmdbId: 603 }).create()
    const before = await queue.queue('metadata').getJobCountByTypes('waiting', 'active', 'delayed', 'completed')
    const response = await client.post('/api/v1/movies').loginAs(moderator).json({ tmdb_id: 603 })
    response.assertStatus(409)
    assert.equal(response.body().error.code, 'E_CONFLICT')
    assert.equal(response.body().error.details[0].field, 'tmdb_id')
    const after = await queue.queue('metadata').getJobCountByTypes('waiting', 'active', 'delayed', 'completed')
    assert.equal(after, before)
  })

  test('plain users get 403 and anonymous callers 401; nothing is created', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const forbidden = await client.post('/api/v1/movies').loginAs(user).json({ title: 'X', release_date: '2020-01-01' })
    forbidden.assertStatus(403)
    assert.equal(forbidden.body().error.code, 'E_FORBIDDEN')
    const anonymous = await client.post('/api/v1/movies').json({ tmdb_id: 1 })
    anonymous.assertStatus(401)
    assert.equal(anonymous.body().error.code, 'E_UNAUTHORIZED')
    assert.lengthOf(await Movie.all(), 0)
  })

  test('bad bodies are 422: no fields, unknown genre, bad tmdb_id', async ({ client, assert }) => {
    const moderator = await UserFactory.apply('moderator').create()
    const cases = [
      [{}, 'tmdb_id'],
      [{ tmdb_id: 'abc' }, 'tmdb_id'],
      [{ tmdb_id: -1 }, 'tmdb_id'],
      [{ title: 'T', release_date: '2020-01-01', genre_ids: [999999] }, 'genre_ids'],
      [{ title: 'x'.repeat(10_000), release_date: '2020-01-01' }, 'title'],
    ] as const
    for (const [body, field] of cases) {
      const response = await client.post('/api/v1/movies').loginAs(moderator).json(body)
      response.assertStatus(422)
      assert.equal(response.body().error.details[0].field, field)
    }
    assert.lengthOf(await Movie.all(), 0)
  })
})
