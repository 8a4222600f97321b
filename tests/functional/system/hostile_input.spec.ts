/*
 * Odd or hostile requests (issue 17): each answers a 4xx in the error
 * envelope, never a 500 or an empty body, and changes nothing. Paths and
 * query strings go out byte for byte on a raw socket where a client library
 * would encode or normalise them.
 */
import { test } from '@japa/runner'
import type { ApiRequest } from '@japa/api-client'
import Series from '#models/series'
import Rating from '#models/rating'
import { GenreFactory } from '#factories/genre_factory'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import { rawRequest } from '#tests/support/raw_http'
import { accessTokenFor } from '#tests/support/auth'
import db from '@adonisjs/lucid/services/db'
import { MAX_HEADER_BYTES } from '#services/http/node_server'

/** The body as given, byte for byte (the client's .json() would serialise it). */
function withBody<T extends ApiRequest>(request: T, body: string): T {
  request.request.send(body)
  return request
}

function envelopeOf(body: string): { code: string; message: string } {
  return JSON.parse(body).error
}

test.group('System / hostile input: files and streams', () => {
  test('odd /uploads paths are 400 envelopes, and nothing outside the uploads directory is ever served', async ({ assert }) => {
    for (const path of [
      '/uploads/..%2f..%2f.env',
      '/uploads/..%2f..%2fpackage.json',
      '/uploads/%00',
      '/uploads/a%5c..%5cb',
      '/uploads/..%5c..%5cpackage.json',
      '/uploads/%2e%2e/%2e%2e/package.json',
      '/uploads/../package.json',
    ]) {
      const response = await rawRequest('GET', path)
      assert.oneOf(response.status, [400, 404], path)
      assert.match(response.headers['content-type'], /application\/json/, path)
      assert.oneOf(envelopeOf(response.body).code, ['E_BAD_REQUEST', 'E_NOT_FOUND'], path)
      assert.notInclude(response.body, '"dependencies"', path)
    }
    const traversal = await rawRequest('GET', '/uploads/..%2f..%2f.env')
    assert.equal(traversal.status, 400)
    assert.deepEqual(envelopeOf(traversal.body), { code: 'E_BAD_REQUEST', message: 'Invalid file path' })
    // A well-formed name that is not there is still a plain 404.
    const missing = await rawRequest('GET', '/uploads/avatars/none.png')
    assert.equal(missing.status, 404)
    assert.equal(envelopeOf(missing.body).code, 'E_NOT_FOUND')
  })

  test('GET /__transmit/events without a uid is a 400 envelope', async ({ client, assert }) => {
    for (const path of ['/__transmit/events', '/__transmit/events?uid=', '/__transmit/events?uid=a&uid=b']) {
      const response = await client.get(path)
      response.assertStatus(400)
      assert.equal(response.body().error.code, 'E_BAD_REQUEST', path)
      assert.include(response.body().error.message, 'uid')
    }
  })

  test('a URL longer than the header limit gets 431 with the envelope, not an empty body', async ({ assert }) => {
    const response = await rawRequest('GET', `/api/v1/movies?q=${'a'.repeat(20 * 1024)}`)
    assert.equal(response.status, 431)
    assert.match(response.headers['content-type'], /application\/json/)
    assert.equal(Number(response.headers['content-length']), Buffer.byteLength(response.body))
    assert.deepEqual(envelopeOf(response.body), {
      code: 'E_BAD_REQUEST',
      message: `Request URL and headers are too large (at most ${MAX_HEADER_BYTES / 1024} KB)`,
    })
    // Garbage instead of HTTP is a 400 envelope too.
    const garbage = await rawRequest('GET', '/ bad path with spaces')
    assert.equal(garbage.status, 400)
    assert.equal(envelopeOf(garbage.body).code, 'E_BAD_REQUEST')
    // And a request just under the limit is served as usual.
    const fine = await rawRequest('GET', `/api/v1/genres?x=${'a'.repeat(8 * 1024)}`)
    assert.equal(fine.status, 200)
  })
})

test.group('System / hostile input: bodies', () => {
  test('a body that is not JSON on a JSON route is 400 E_BAD_REQUEST and changes nothing', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const movie = await MovieFactory.create()
    const cases: [string, string, string][] = [
      ['put', `/api/v1/movies/${movie.id}/rating`, 'rating=4'],
      ['patch', '/api/v1/me', 'bio=hello'],
      ['post', `/api/v1/movies/${movie.id}/comments`, 'body=hello'],
    ]
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      for (const [method, path, body] of cases) {
        const request = method === 'put' ? client.put(path) : method === 'patch' ? client.patch(path) : client.post(path)
        const response = await withBody(request.loginAs(user).header('content-type', type), body)
        assert.equal(response.status(), 400, `${type} ${method} ${path}`)
        assert.deepEqual(response.body().error, { code: 'E_BAD_REQUEST', message: 'Content-Type must be application/json' })
      }
    }
    assert.equal((await Rating.query().where('user_id', user.id)).length, 0)
    await user.refresh()
    assert.notEqual(user.bio, 'hello')

    // JSON still works, and so does a body-less POST with any content type.
    const rated = await client.put(`/api/v1/movies/${movie.id}/rating`).loginAs(user).json({ rating: 4 })
    assert.oneOf(rated.status(), [200, 201])
    const multipartOnJsonRoute = await client.patch('/api/v1/me').loginAs(user).field('bio', 'hello')
    multipartOnJsonRoute.assertStatus(400)
    // The upload routes want multipart, and refuse JSON the same way.
    const jsonAvatar = await client.put('/api/v1/me/avatar').loginAs(user).json({ avatar: 'x' })
    jsonAvatar.assertStatus(400)
    assert.equal(jsonAvatar.body().error.message, 'Content-Type must be multipart/form-data')
  })

  test('a JSON array or bare value where an object is expected is 400 on every route, and changes nothing', async ({ client, assert }) => {
    const user = await UserFactory.merge({ bio: 'before' }).create()
    const movie = await MovieFactory.create()
    for (const body of ['[]', '[{"bio":"after"}]', '"after"', '42', 'null', 'true']) {
      const me = await withBody(client.patch('/api/v1/me').loginAs(user).header('content-type', 'application/json'), body)
      assert.equal(me.status(), 400, body)
      assert.deepEqual(me.body().error, { code: 'E_BAD_REQUEST', message: 'The JSON body must be an object' }, body)
      const rating = await withBody(
        client.put(`/api/v1/movies/${movie.id}/rating`).loginAs(user).header('content-type', 'application/json'),
        body
      )
      assert.equal(rating.status(), 400, body)
      const login = await withBody(client.post('/api/v1/auth/login').header('content-type', 'application/json'), body)
      assert.equal(login.status(), 400, body)
    }
    await user.refresh()
    assert.notEqual(user.bio, 'after')
    assert.equal((await Rating.query().where('user_id', user.id)).length, 0)
  })

  test('a body-less POST with a JSON Content-Type (as fetch wrappers send) is still served', async ({ assert }) => {
    const [sender, recipient] = await UserFactory.createMany(2)
    const response = await rawRequest('POST', `/api/v1/users/${recipient.id}/friend-request`, {
      headers: { 'content-type': 'application/json', 'authorization': `Bearer ${await accessTokenFor(sender)}` },
      body: '',
    })
    assert.equal(response.status, 201, response.body)
    const stored = await db.from('friend_requests').where({ from_user_id: sender.id, to_user_id: recipient.id })
    assert.lengthOf(stored, 1)
  })
})

test.group('System / hostile input: query strings', () => {
  test('?genre=16,35 with a literal comma filters /movies and /series (the documented form)', async ({ assert }) => {
    const [animation, comedy, drama] = await Promise.all([
      GenreFactory.merge({ id: 16, name: 'Animation' }).create(),
      GenreFactory.merge({ id: 35, name: 'Comedy' }).create(),
      GenreFactory.merge({ id: 18, name: 'Drama' }).create(),
    ])
    const cartoon = await MovieFactory.merge({ title: 'Cartoon' }).create()
    await cartoon.related('genres').attach([animation.id])
    const farce = await MovieFactory.merge({ title: 'Farce' }).create()
    await farce.related('genres').attach([comedy.id])
    const tragedy = await MovieFactory.merge({ title: 'Tragedy' }).create()
    await tragedy.related('genres').attach([drama.id])
    const sitcom = await Series.create({ tmdbId: 9001, name: 'Sitcom', popularity: 5 })
    await sitcom.related('genres').attach([comedy.id])
    const soap = await Series.create({ tmdbId: 9002, name: 'Soap', popularity: 4 })
    await soap.related('genres').attach([drama.id])

    const movies = await rawRequest('GET', '/api/v1/movies?genre=16,35&sort=title')
    assert.equal(movies.status, 200, movies.body)
    assert.deepEqual(
      JSON.parse(movies.body).data.map((movie: { title: string }) => movie.title),
      ['Cartoon', 'Farce']
    )
    const series = await rawRequest('GET', '/api/v1/series?genre=16,35')
    assert.equal(series.status, 200, series.body)
    assert.deepEqual(
      JSON.parse(series.body).data.map((show: { name: string }) => show.name),
      ['Sitcom']
    )
    // The encoded form keeps working, and a search term may hold a comma.
    const encoded = await rawRequest('GET', '/api/v1/movies?genre=16%2C35&sort=title')
    assert.equal(JSON.parse(encoded.body).meta.total, 2)
    const search = await rawRequest('GET', '/api/v1/movies/search?q=farce,cartoon')
    assert.equal(search.status, 200, search.body)
  })
})
