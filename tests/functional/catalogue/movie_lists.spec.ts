/*
| GET /movies/:id/lists: the public lists holding a movie, most liked first,
| in the list summary shape of GET /lists; other privacies never show up
| (not even to their owner or friends: the contract says public lists), and
| lists of users blocked either way are left out as in every list listing.
*/

import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import type User from '#models/user'
import { assertError, assertValidation } from '#tests/functional/engagement/helpers'
import { makeFriends } from '#tests/functional/social/helpers'

async function listWith(client: ApiClient, owner: User, movieId: number, privacy: string, title: string) {
  const list = await client.post('/api/v1/lists').json({ title, privacy }).loginAs(owner)
  list.assertStatus(201)
  ;(await client.put(`/api/v1/lists/${list.body().id}/items/${movieId}`).json({}).loginAs(owner)).assertStatus(201)
  return list.body().id as number
}

async function like(client: ApiClient, listId: number, users: User[]) {
  for (const user of users) (await client.post(`/api/v1/lists/${listId}/like`).loginAs(user)).assertStatus(204)
}

const titles = (body: { data: { title: string }[] }) => body.data.map((list) => list.title)

test.group('Catalogue / GET /movies/:id/lists', () => {
  test('public lists holding the movie, most liked first, in the list summary shape', async ({ client, assert }) => {
    const [movie, other] = await MovieFactory.createMany(2)
    const [ann, ben, cat, dan, eve] = await UserFactory.createMany(5)
    const one = await listWith(client, ann, movie.id, 'public', 'One like')
    const three = await listWith(client, ben, movie.id, 'public', 'Three likes')
    const none = await listWith(client, cat, movie.id, 'public', 'No likes')
    await listWith(client, dan, other.id, 'public', 'Another movie')
    await like(client, three, [ann, cat, dan])
    await like(client, one, [eve])

    const response = await client.get(`/api/v1/movies/${movie.id}/lists`)
    response.assertStatus(200)
    const body = response.body()
    assert.deepEqual(titles(body), ['Three likes', 'One like', 'No likes'])
    assert.deepEqual(
      body.data.map((list: { id: number; likes_count: number }) => [list.id, list.likes_count]),
      [
        [three, 3],
        [one, 1],
        [none, 0],
      ]
    )
    // The same shape as GET /lists: no `liked` without a token, no share token for others.
    const browse = await client.get('/api/v1/lists').qs({ user_id: ben.id })
    assert.deepEqual(body.data[0], browse.body().data[0])
    assert.notProperty(body.data[0], 'liked')
    assert.notProperty(body.data[0], 'share_token')
    assert.equal(body.meta.total, 3)

    // With a token: the caller's `liked`, differing per user on the same URL.
    const asAnn = (await client.get(`/api/v1/movies/${movie.id}/lists`).loginAs(ann)).body()
    const asEve = (await client.get(`/api/v1/movies/${movie.id}/lists`).loginAs(eve)).body()
    assert.deepEqual(asAnn.data.map((list: { liked: boolean }) => list.liked), [true, false, false])
    assert.deepEqual(asEve.data.map((list: { liked: boolean }) => list.liked), [false, true, false])

    // Paged: a tie on likes falls back to the newest list first.
    const paged = await client.get(`/api/v1/movies/${movie.id}/lists`).qs({ per_page: 2, page: 2 })
    assert.deepEqual(titles(paged.body()), ['No likes'])
    assert.equal(paged.body().meta.last_page, 2)
    assert.deepEqual((await client.get(`/api/v1/movies/${movie.id}/lists`).qs({ page: 9 })).body().data, [])
    assertValidation(assert, await client.get(`/api/v1/movies/${movie.id}/lists`).qs({ per_page: 101 }), 'per_page')
  })

  test('private, link and friends-only lists never show up; blocked users\' lists are left out', async ({ client, assert }) => {
    const movie = await MovieFactory.create()
    const [owner, friend, blocker, viewer] = await UserFactory.createMany(4)
    await makeFriends(owner, friend)
    await listWith(client, owner, movie.id, 'public', 'Open')
    await listWith(client, owner, movie.id, 'private', 'Secret')
    await listWith(client, owner, movie.id, 'link', 'By link')
    await listWith(client, owner, movie.id, 'friends', 'Friends only')
    await listWith(client, blocker, movie.id, 'public', 'Blocker list')

    assert.deepEqual(titles((await client.get(`/api/v1/movies/${movie.id}/lists`)).body()), ['Blocker list', 'Open'])
    assert.deepEqual(titles((await client.get(`/api/v1/movies/${movie.id}/lists`).loginAs(owner)).body()), ['Blocker list', 'Open'])
    assert.deepEqual(titles((await client.get(`/api/v1/movies/${movie.id}/lists`).loginAs(friend)).body()), ['Blocker list', 'Open'])

    // Blocks hide lists both ways, as GET /lists does.
    ;(await client.put(`/api/v1/me/blocks/${viewer.id}`).loginAs(blocker)).assertStatus(201)
    const blocked = (await client.get(`/api/v1/movies/${movie.id}/lists`).loginAs(viewer)).body()
    assert.deepEqual(titles(blocked), ['Open'])
    assert.equal(blocked.meta.total, 1)
    assert.deepEqual(titles((await client.get('/api/v1/lists').loginAs(viewer)).body()), ['Open'])
    ;(await client.put(`/api/v1/me/blocks/${owner.id}`).loginAs(viewer)).assertStatus(201)
    assert.deepEqual(titles((await client.get(`/api/v1/movies/${movie.id}/lists`).loginAs(viewer)).body()), [])

    // A list made private leaves at once.
    const open = (await client.get(`/api/v1/movies/${movie.id}/lists`)).body().data.find((list: { title: string }) => list.title === 'Open')
    ;(await client.patch(`/api/v1/lists/${open.id}`).json({ privacy: 'private' }).loginAs(owner)).assertStatus(200)
    assert.deepEqual(titles((await client.get(`/api/v1/movies/${movie.id}/lists`)).body()), ['Blocker list'])
  })

  test('a hidden or unknown movie is a 404', async ({ client, assert }) => {
    const hidden = await MovieFactory.merge({ isHidden: true }).create()
    const owner = await UserFactory.create()
    assertError(assert, await client.get(`/api/v1/movies/${hidden.id}/lists`), 404, 'E_NOT_FOUND')
    assertError(assert, await client.get(`/api/v1/movies/${hidden.id}/lists`).loginAs(owner), 404, 'E_NOT_FOUND')
    assertError(assert, await client.get('/api/v1/movies/987654/lists'), 404, 'E_NOT_FOUND')
  })
})
