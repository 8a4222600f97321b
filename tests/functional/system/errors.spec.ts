import { test } from '@japa/runner'
import { UserFactory } from '#factories/user_factory'
import Movie from '#models/movie'
import env from '#start/env'

test.group('System / error envelope', () => {
  test('unknown API routes are 404 envelopes with rate-limit headers', async ({ client, assert }) => {
    const response = await client.get('/api/v1/does-not-exist')
    response.assertStatus(404)
    assert.deepEqual(response.body(), { error: { code: 'E_NOT_FOUND', message: 'Route not found' } })
    assert.equal(response.header('x-ratelimit-limit'), '100')
    assert.exists(response.header('x-ratelimit-remaining'))
    assert.exists(response.header('x-ratelimit-reset'))
  })

  test('unknown paths outside the API are 404 envelopes too, never HTML', async ({ client, assert }) => {
    const response = await client.get('/nope').header('accept', 'text/html')
    response.assertStatus(404)
    assert.equal(response.body().error.code, 'E_NOT_FOUND')
    assert.match(response.header('content-type')!, /application\/json/)
  })

  test('malformed JSON is a 400 E_BAD_REQUEST and creates nothing', async ({ assert }) => {
    // Raw fetch: the API client would re-serialise the body.
    const response = await fetch(`http://${env.get('HOST')}:${env.get('PORT')}/api/v1/movies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"title": "Broken",',
    })
    assert.equal(response.status, 400)
    const body = (await response.json()) as { error: { code: string } }
    assert.equal(body.error.code, 'E_BAD_REQUEST')
    assert.notProperty(body.error, 'stack')
    assert.lengthOf(await Movie.all(), 0)
  })

  test('validation errors are 422 with every failing field', async ({ client, assert }) => {
    const moderator = await UserFactory.apply('moderator').create()
    const response = await client
      .post('/api/v1/movies')
      .loginAs(moderator)
      .json({ title: '', release_date: 'yesterday', runtime: -5, homepage: 'not a url' })
    response.assertStatus(422)
    const { error } = response.body()
    assert.equal(error.code, 'E_VALIDATION')
    assert.isString(error.message)
    assert.sameMembers(
      error.details.map((d: { field: string }) => d.field),
      ['title', 'release_date', 'runtime', 'homepage']
    )
    for (const detail of error.details) assert.properties(detail, ['field', 'rule', 'message'])
    assert.lengthOf(await Movie.all(), 0)
  })

  test('an invalid bearer token on a public endpoint is a 401 envelope', async ({ client, assert }) => {
    const response = await client.get('/api/v1/movies').header('authorization', 'Bearer nope')
    response.assertStatus(401)
    assert.equal(response.body().error.code, 'E_UNAUTHORIZED')
    assert.equal(response.header('x-ratelimit-limit'), '100')
  })

  test('responses carry a request id and secure headers', async ({ client, assert }) => {
    const response = await client.get('/api/v1/genres').header('x-request-id', 'trace-me-123')
    response.assertStatus(200)
    assert.equal(response.header('x-request-id'), 'trace-me-123')
    assert.equal(response.header('x-frame-options'), 'DENY')
    assert.equal(response.header('x-content-type-options'), 'nosniff')
    assert.equal(response.header('referrer-policy'), 'no-referrer')
  })
})

test.group('System / CORS', () => {
  test('allows origins from the allow-list only', async ({ client, assert }) => {
    const allowed = await client.get('/api/v1/genres').header('origin', 'http://allowed.example')
    assert.equal(allowed.header('access-control-allow-origin'), 'http://allowed.example')

    const denied = await client.get('/api/v1/genres').header('origin', 'http://evil.example')
    assert.notExists(denied.header('access-control-allow-origin'))

    const preflight = await client
      .options('/api/v1/movies')
      .header('origin', 'http://allowed.example')
      .header('access-control-request-method', 'POST')
      .header('access-control-request-headers', 'authorization,content-type')
    preflight.assertStatus(204)
    assert.include(preflight.header('access-control-allow-methods'), 'POST')
  })
})

test.group('System / uploads', () => {
  test('a missing upload is a 404 envelope, not a 500', async ({ client, assert }) => {
    const response = await client.get('/uploads/avatars/does-not-exist.png')
    response.assertStatus(404)
    assert.equal(response.body().error.code, 'E_NOT_FOUND')
  })
})
