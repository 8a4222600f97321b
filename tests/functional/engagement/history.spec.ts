import { test } from '@japa/runner'
import redis from '@adonisjs/redis/services/main'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import { PENDING_VIEWS_KEY } from '#services/library/view_history_flush'
import { assertError, countRows, eventually } from './helpers.js'

test.group('Engagement / history', (group) => {
  // Views recorded by other suites' detail requests must not land in these tests.
  group.each.setup(async () => {
    await redis.del(PENDING_VIEWS_KEY)
  })

  test('detail views are recorded off the request path and written in a batch by the job', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const movie = await MovieFactory.create()

    ;(await client.get(`/api/v1/movies/${movie.id}`).loginAs(user)).assertStatus(200)
    // Nothing written on the request path: the view waits in Redis.
    assert.equal(await countRows('view_history'), 0)
    assert.isAtLeast(await redis.llen(PENDING_VIEWS_KEY), 1)

    // The flush job writes it on its own within its window.
    await eventually(() => countRows('view_history', { user_id: user.id, movie_id: movie.id }))
    assert.equal(await redis.llen(PENDING_VIEWS_KEY), 0)
  }).timeout(30_000)

  test('GET /me/history lists opened movies newest first with view counts', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const [first, second] = await MovieFactory.createMany(2)

    await client.get(`/api/v1/movies/${first.id}`).loginAs(alice)
    await client.get(`/api/v1/movies/${second.id}`).loginAs(alice)
    await client.get(`/api/v1/movies/${first.id}`).loginAs(alice)
    await client.get(`/api/v1/movies/${second.id}`).loginAs(bob)
    await client.get(`/api/v1/movies/${second.id}`) // anonymous: not recorded
    // The recording is asynchronous: wait until the pushes reached Redis.
    await eventually(async () => (await redis.llen(PENDING_VIEWS_KEY)) >= 4)

    const response = await client.get('/api/v1/me/history').loginAs(alice)
    response.assertStatus(200)
    const { data, meta } = response.body()
    assert.equal(meta.total, 2)
    assert.deepEqual(
      data.map((h: { movie: { id: number }; view_count: number }) => [h.movie.id, h.view_count]),
      [
        [first.id, 2],
        [second.id, 1],
      ]
    )
    assert.properties(data[0], ['movie', 'viewed_at', 'first_viewed_at', 'view_count'])
    assert.properties(data[0].movie, ['title', 'genres', 'user_rating'])

    const bobs = await client.get('/api/v1/me/history').loginAs(bob)
    assert.deepEqual(bobs.body().data.map((h: { movie: { id: number } }) => h.movie.id), [second.id])
    assert.equal(await countRows('view_history'), 3)
  })

  test('an unknown movie is not recorded; no token is 401', async ({ client, assert }) => {
    const user = await UserFactory.create()
    assertError(assert, await client.get('/api/v1/movies/999999').loginAs(user), 404, 'E_NOT_FOUND')
    assert.equal(await redis.llen(PENDING_VIEWS_KEY), 0)
    assertError(assert, await client.get('/api/v1/me/history'), 401, 'E_UNAUTHORIZED')
  })
})
