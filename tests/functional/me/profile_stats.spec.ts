import { test } from '@japa/runner'
import { UserFactory } from '#factories/user_factory'
import { MovieFactory } from '#factories/movie_factory'

test.group('Me / profile stats stay right while cached', () => {
  test('ratings, reviews, watchlist and favorites counts follow each write at once', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const [first, second] = await MovieFactory.createMany(2)

    const before = await client.get('/api/v1/me').loginAs(user)
    before.assertStatus(200)
    assert.deepInclude(before.body().stats, { ratings: 0, reviews: 0, watchlist: 0, favorites: 0 })

    ;(await client.put(`/api/v1/movies/${first.id}/rating`).loginAs(user).json({ rating: 4, review: 'Great' })).assertStatus(201)
    ;(await client.put(`/api/v1/me/watchlist/${second.id}`).loginAs(user)).assertStatus(201)
    ;(await client.put(`/api/v1/me/favorites/${first.id}`).loginAs(user)).assertStatus(201)

    const after = await client.get('/api/v1/me').loginAs(user)
    assert.deepInclude(after.body().stats, { ratings: 1, reviews: 1, watchlist: 1, favorites: 1 })

    ;(await client.delete(`/api/v1/movies/${first.id}/rating`).loginAs(user)).assertStatus(204)
    ;(await client.delete(`/api/v1/me/watchlist/${second.id}`).loginAs(user)).assertStatus(204)
    const last = await client.get('/api/v1/me').loginAs(user)
    assert.deepInclude(last.body().stats, { ratings: 0, reviews: 0, watchlist: 0, favorites: 1 })
  })
})
