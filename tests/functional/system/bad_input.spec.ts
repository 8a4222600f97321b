import { test } from '@japa/runner'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import { countRows } from '../social/helpers.js'

test.group('System / input the database could not take', () => {
  test('a NUL character in a query string or a JSON body is 400 E_BAD_REQUEST, never a 500, and nothing is written', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const movie = await MovieFactory.create()
    for (const path of ['/api/v1/search?q=%00', '/api/v1/movies/search?q=ma%00trix', '/api/v1/series/search?q=%00', '/api/v1/users?search=jo%00hn']) {
      const response = await client.get(path).loginAs(user)
      response.assertStatus(400)
      assert.equal(response.body().error.code, 'E_BAD_REQUEST', path)
    }
    const comment = await client.post(`/api/v1/movies/${movie.id}/comments`).loginAs(user).json({ body: 'nul \u0000 byte' })
    comment.assertStatus(400)
    assert.equal(comment.body().error.code, 'E_BAD_REQUEST')
    const nestedKey = await client.patch('/api/v1/me').loginAs(user).json({ bio: 'fine', extra: { ['k\u0000']: 1 } })
    nestedKey.assertStatus(400)
    assert.equal(await countRows('comments'), 0)
    await user.refresh()
    assert.notEqual(user.bio, 'fine')
  })

  test('ids too large for their column are 404 on every kind of route, never a database error', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const tooBig = '99999999999'
    const cases: [string, string][] = [
      ['get', `/api/v1/movies/${tooBig}`],
      ['get', `/api/v1/series/${tooBig}`],
      ['get', `/api/v1/series/${tooBig}/reviews`],
      ['get', `/api/v1/series/${tooBig}/similar`],
      ['get', `/api/v1/series/1/seasons/40000`],
      ['put', `/api/v1/me/favorites/series/${tooBig}`],
      ['put', `/api/v1/me/watchlist/${tooBig}`],
      ['put', `/api/v1/me/recommendations/hidden/series/${tooBig}`],
      ['get', `/api/v1/chat/rooms/${tooBig}/messages`],
      ['post', `/api/v1/reviews/99999999999999999999/like`],
      ['post', `/api/v1/me/notifications/99999999999999999999/read`],
    ]
    for (const [method, path] of cases) {
      const response = await (method === 'get' ? client.get(path) : method === 'put' ? client.put(path) : client.post(path)).loginAs(user)
      assert.equal(response.status(), 404, `${method} ${path}`)
      assert.equal(response.body().error.code, 'E_NOT_FOUND', `${method} ${path}`)
    }
    // A bigint id within range still reaches its handler (an unknown review, not an unknown route).
    const review = await client.post(`/api/v1/series/reviews/${tooBig}/like`).loginAs(user)
    review.assertStatus(404)
    assert.equal(review.body().error.message, 'Review not found')
  })
})
