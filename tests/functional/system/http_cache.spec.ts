import { test } from '@japa/runner'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'

test.group('System / ETag and conditional GETs', () => {
  test('public GETs send an ETag and answer If-None-Match with 304', async ({ client, assert }) => {
    const movie = await MovieFactory.create()
    const first = await client.get(`/api/v1/movies/${movie.id}`)
    first.assertStatus(200)
    const etag = first.header('etag')!
    assert.match(etag, /^"[\w-]+"$/)
    assert.include(first.header('vary')!, 'Authorization')

    const second = await client.get(`/api/v1/movies/${movie.id}`).header('if-none-match', etag)
    second.assertStatus(304)
    assert.equal(second.text(), '')
    assert.exists(second.header('x-ratelimit-limit'))

    const stale = await client.get(`/api/v1/movies/${movie.id}`).header('if-none-match', '"other"')
    stale.assertStatus(200)
  })

  test("one user's ETag never yields a 304 for another user", async ({ client, assert }) => {
    await MovieFactory.create()
    const [alice, bob] = await UserFactory.createMany(2)
    const forAlice = await client.get('/api/v1/movies').loginAs(alice)
    const etag = forAlice.header('etag')!

    const forBob = await client.get('/api/v1/movies').loginAs(bob).header('if-none-match', etag)
    forBob.assertStatus(200)
    assert.notEqual(forBob.header('etag'), etag)

    const anonymous = await client.get('/api/v1/movies').header('if-none-match', etag)
    anonymous.assertStatus(200)

    const again = await client.get('/api/v1/movies').loginAs(alice).header('if-none-match', etag)
    again.assertStatus(304)
  })
})

test.group('System / rate limits', () => {
  test('anonymous clients get 100 requests a minute, then 429 with Retry-After', async ({ client, assert }) => {
    let response
    for (let i = 0; i < 100; i++) {
      response = await client.get('/api/v1/genres')
    }
    response!.assertStatus(200)
    assert.equal(response!.header('x-ratelimit-remaining'), '0')
    const limited = await client.get('/api/v1/genres')
    limited.assertStatus(429)
    assert.deepEqual(limited.body().error.code, 'E_RATE_LIMITED')
    assert.isAtLeast(Number(limited.header('retry-after')), 1)
    assert.equal(limited.header('x-ratelimit-limit'), '100')
  })

  test('signed-in users are limited per user, not per IP', async ({ client, assert }) => {
    const user = await UserFactory.create()
    for (let i = 0; i < 100; i++) await client.get('/api/v1/genres')
    const anonymous = await client.get('/api/v1/genres')
    anonymous.assertStatus(429)
    const signedIn = await client.get('/api/v1/genres').loginAs(user)
    signedIn.assertStatus(200)
    assert.equal(signedIn.header('x-ratelimit-remaining'), '99')
  })
})
