import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import List from '#models/list'
import ListItem from '#models/list_item'
import type User from '#models/user'
import { assertError, assertValidation, countRows, USER_SUMMARY_KEYS } from './helpers.js'

async function makeList(owner: User, privacy: 'private' | 'link' | 'friends' | 'public', title = `${privacy} list`) {
  return List.create({ userId: owner.id, title, privacy, ranked: false, shareToken: `token-${privacy}-${owner.id}-${title.length}` })
}

async function positions(listId: number) {
  const items = await ListItem.query().where('list_id', listId).orderBy('position')
  return items.map((item) => [item.movieId, item.position])
}

test.group('Engagement / lists: create, read, privacy', () => {
  test('POST /lists creates a list (201); the owner sees its share token', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const response = await client
      .post('/api/v1/lists')
      .json({ title: ' Best of 1999 ', description: 'A very good year', privacy: 'link', ranked: true })
      .loginAs(user)
    response.assertStatus(201)
    const body = response.body()
    assert.containSubset(body, {
      title: 'Best of 1999',
      description: 'A very good year',
      privacy: 'link',
      ranked: true,
      items_count: 0,
      likes_count: 0,
      comments_count: 0,
      items: [],
    })
    assert.deepEqual(Object.keys(body.user).sort(), [...USER_SUMMARY_KEYS].sort())
    assert.isString(body.share_token)
    assert.isAtLeast(body.share_token.length, 32)
    const row = await List.findOrFail(body.id)
    assert.equal(row.shareToken, body.share_token)
  })

  test('bad input is 422 and nothing is written; no token is 401', async ({ client, assert }) => {
    const user = await UserFactory.create()
    assertValidation(assert, await client.post('/api/v1/lists').json({ privacy: 'public' }).loginAs(user), 'title')
    assertValidation(assert, await client.post('/api/v1/lists').json({ title: 'x', privacy: 'secret' }).loginAs(user), 'privacy')
    assertValidation(assert, await client.post('/api/v1/lists').json({ title: 't'.repeat(201), privacy: 'public' }).loginAs(user), 'title')
    assertError(assert, await client.post('/api/v1/lists').json({ title: 'x', privacy: 'public' }), 401, 'E_UNAUTHORIZED')
    assert.equal(await countRows('lists'), 0)
  })

  test('others see a list only as its privacy allows (404 otherwise)', async ({ client, assert }) => {
    const [owner, other] = await UserFactory.createMany(2)
    const lists = {
      private: await makeList(owner, 'private'),
      link: await makeList(owner, 'link'),
      friends: await makeList(owner, 'friends'),
      public: await makeList(owner, 'public'),
    }
    for (const list of Object.values(lists)) {
      ;(await client.get(`/api/v1/lists/${list.id}`).loginAs(owner)).assertStatus(200)
    }
    const publicView = await client.get(`/api/v1/lists/${lists.public.id}`)
    publicView.assertStatus(200)
    assert.notProperty(publicView.body(), 'share_token')

    for (const list of [lists.private, lists.link, lists.friends]) {
      assertError(assert, await client.get(`/api/v1/lists/${list.id}`).loginAs(other), 404, 'E_NOT_FOUND')
      assertError(assert, await client.get(`/api/v1/lists/${list.id}`), 404, 'E_NOT_FOUND')
    }
    const viaLink = await client.get(`/api/v1/lists/${lists.link.id}`).qs({ share_token: lists.link.shareToken })
    viaLink.assertStatus(200)
    assert.equal(viaLink.body().title, 'link list')
    assertError(assert, await client.get(`/api/v1/lists/${lists.link.id}`).qs({ share_token: 'wrong' }), 404, 'E_NOT_FOUND')
    // A link token opens only link lists.
    assertError(
      assert,
      await client.get(`/api/v1/lists/${lists.private.id}`).qs({ share_token: lists.private.shareToken }),
      404,
      'E_NOT_FOUND'
    )
    assertError(assert, await client.get('/api/v1/lists/999999'), 404, 'E_NOT_FOUND')
  })

  test('GET /lists shows visible lists only; ?user_id and ?sort; GET /me/lists shows all of mine', async ({ client, assert }) => {
    const [owner, other, fan] = await UserFactory.createMany(3)
    await makeList(owner, 'private')
    await makeList(owner, 'link')
    await makeList(owner, 'friends')
    const first = await makeList(owner, 'public', 'A public')
    const second = await makeList(other, 'public', 'B public')
    await db.table('list_likes').insert({ user_id: fan.id, list_id: first.id })

    const browse = await client.get('/api/v1/lists').loginAs(fan)
    browse.assertStatus(200)
    assert.sameMembers(browse.body().data.map((l: { id: number }) => l.id), [first.id, second.id])
    const byLikes = await client.get('/api/v1/lists').qs({ sort: '-likes' }).loginAs(fan)
    assert.deepEqual(byLikes.body().data.map((l: { id: number; liked: boolean }) => [l.id, l.liked]), [
      [first.id, true],
      [second.id, false],
    ])
    const ofOther = await client.get('/api/v1/lists').qs({ user_id: other.id })
    assert.deepEqual(ofOther.body().data.map((l: { id: number }) => l.id), [second.id])
    const byTitle = await client.get('/api/v1/lists').qs({ sort: 'title' })
    assert.deepEqual(byTitle.body().data.map((l: { title: string }) => l.title), ['A public', 'B public'])

    const mine = await client.get('/api/v1/me/lists').loginAs(owner)
    assert.equal(mine.body().meta.total, 4)
    assert.isString(mine.body().data[0].share_token)
    const ownBrowse = await client.get('/api/v1/lists').qs({ user_id: owner.id }).loginAs(owner)
    assert.equal(ownBrowse.body().meta.total, 4)

    assertValidation(assert, await client.get('/api/v1/lists').qs({ sort: 'random' }), 'sort')
    assertValidation(assert, await client.get('/api/v1/lists').qs({ user_id: 'me' }), 'user_id')
    assertError(assert, await client.get('/api/v1/me/lists'), 401, 'E_UNAUTHORIZED')
  })
})

test.group('Engagement / lists: items', () => {
  test('PUT adds items (201) at the end or at a position; a second PUT updates (200)', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const list = await makeList(user, 'public')
    const [a, b, c, d] = await MovieFactory.createMany(4)

    const added = await client.put(`/api/v1/lists/${list.id}/items/${a.id}`).json({ note: 'The classic' }).loginAs(user)
    added.assertStatus(201)
    assert.containSubset(added.body(), { movie: { id: a.id }, position: 1, note: 'The classic' })
    ;(await client.put(`/api/v1/lists/${list.id}/items/${b.id}`).loginAs(user)).assertStatus(201)
    ;(await client.put(`/api/v1/lists/${list.id}/items/${c.id}`).json({ position: 1 }).loginAs(user)).assertStatus(201)
    ;(await client.put(`/api/v1/lists/${list.id}/items/${d.id}`).json({ position: 99 }).loginAs(user)).assertStatus(201)
    assert.deepEqual(await positions(list.id), [
      [c.id, 1],
      [a.id, 2],
      [b.id, 3],
      [d.id, 4],
    ])

    const moved = await client.put(`/api/v1/lists/${list.id}/items/${d.id}`).json({ position: 2, note: 'Underrated' }).loginAs(user)
    moved.assertStatus(200)
    assert.containSubset(moved.body(), { position: 2, note: 'Underrated' })
    assert.deepEqual(await positions(list.id), [
      [c.id, 1],
      [d.id, 2],
      [a.id, 3],
      [b.id, 4],
    ])
    ;(await client.put(`/api/v1/lists/${list.id}/items/${c.id}`).json({ position: 4 }).loginAs(user)).assertStatus(200)
    assert.deepEqual(await positions(list.id), [
      [d.id, 1],
      [a.id, 2],
      [b.id, 3],
      [c.id, 4],
    ])
    const noteOnly = await client.put(`/api/v1/lists/${list.id}/items/${a.id}`).json({ note: null }).loginAs(user)
    assert.containSubset(noteOnly.body(), { position: 2, note: null })

    const detail = await client.get(`/api/v1/lists/${list.id}`)
    assert.equal(detail.body().items_count, 4)
    assert.deepEqual(detail.body().items.map((i: { movie: { id: number }; position: number }) => [i.movie.id, i.position]), [
      [d.id, 1],
      [a.id, 2],
      [b.id, 3],
      [c.id, 4],
    ])
    assert.properties(detail.body().items[0], ['movie', 'position', 'note', 'added_at'])
  })

  test('DELETE removes an item (204) and closes the gap; absent is 404', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const list = await makeList(user, 'private')
    const [a, b, c] = await MovieFactory.createMany(3)
    for (const movie of [a, b, c]) await client.put(`/api/v1/lists/${list.id}/items/${movie.id}`).loginAs(user)

    ;(await client.delete(`/api/v1/lists/${list.id}/items/${b.id}`).loginAs(user)).assertStatus(204)
    assert.deepEqual(await positions(list.id), [
      [a.id, 1],
      [c.id, 2],
    ])
    assertError(assert, await client.delete(`/api/v1/lists/${list.id}/items/${b.id}`).loginAs(user), 404, 'E_NOT_FOUND')
    assertError(assert, await client.put(`/api/v1/lists/${list.id}/items/999999`).loginAs(user), 404, 'E_NOT_FOUND')
    assertValidation(assert, await client.put(`/api/v1/lists/${list.id}/items/${b.id}`).json({ position: 0 }).loginAs(user), 'position')
    assertValidation(assert, await client.put(`/api/v1/lists/${list.id}/items/${b.id}`).json({ note: 'n'.repeat(2001) }).loginAs(user), 'note')
    assert.equal(await countRows('list_items'), 2)
  })

  test('concurrent adds keep positions 1..n without gaps or duplicates', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const list = await makeList(user, 'public')
    const movies = await MovieFactory.createMany(8)
    const responses = await Promise.all(
      movies.map((movie, index) =>
        client.put(`/api/v1/lists/${list.id}/items/${movie.id}`).json(index % 2 ? { position: 1 } : {}).loginAs(user)
      )
    )
    assert.deepEqual(responses.map((r) => r.status()), Array(8).fill(201))
    const listed = await positions(list.id)
    assert.deepEqual(listed.map(([, position]) => position), [1, 2, 3, 4, 5, 6, 7, 8])
    assert.sameMembers(listed.map(([movieId]) => movieId), movies.map((m) => m.id))
  })
})

test.group('Engagement / lists: ownership, likes', () => {
  test('the owner edits (200) and deletes (204) the list', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const list = await makeList(user, 'link')
    const oldToken = list.shareToken

    const response = await client
      .patch(`/api/v1/lists/${list.id}`)
      .json({ title: 'Renamed', description: null, ranked: true, regenerate_share_token: true })
      .loginAs(user)
    response.assertStatus(200)
    assert.containSubset(response.body(), { title: 'Renamed', description: null, ranked: true, privacy: 'link' })
    assert.notEqual(response.body().share_token, oldToken)
    assertError(assert, await client.get(`/api/v1/lists/${list.id}`).qs({ share_token: oldToken }), 404, 'E_NOT_FOUND')
    ;(await client.get(`/api/v1/lists/${list.id}`).qs({ share_token: response.body().share_token })).assertStatus(200)
    assertValidation(assert, await client.patch(`/api/v1/lists/${list.id}`).json({ privacy: 'everyone' }).loginAs(user), 'privacy')

    ;(await client.delete(`/api/v1/lists/${list.id}`).loginAs(user)).assertStatus(204)
    assert.isNull(await List.find(list.id))
    assertError(assert, await client.delete(`/api/v1/lists/${list.id}`).loginAs(user), 404, 'E_NOT_FOUND')
  })

  test("user B can never change or delete user A's list (403 when visible, 404 when not; unchanged)", async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const open = await makeList(alice, 'public', 'Alice public')
    const secret = await makeList(alice, 'private', 'Alice private')
    const movie = await MovieFactory.create()
    await client.put(`/api/v1/lists/${open.id}/items/${movie.id}`).json({ note: "Alice's note" }).loginAs(alice)
    await client.put(`/api/v1/lists/${secret.id}/items/${movie.id}`).loginAs(alice)

    const attempts = (listId: number) => [
      client.patch(`/api/v1/lists/${listId}`).json({ title: 'Hacked', privacy: 'public' }).loginAs(bob),
      client.delete(`/api/v1/lists/${listId}`).loginAs(bob),
      client.put(`/api/v1/lists/${listId}/items/${movie.id}`).json({ note: 'Bob was here', position: 1 }).loginAs(bob),
      client.delete(`/api/v1/lists/${listId}/items/${movie.id}`).loginAs(bob),
    ]
    for (const response of await Promise.all(attempts(open.id))) assertError(assert, response, 403, 'E_FORBIDDEN')
    for (const response of await Promise.all(attempts(secret.id))) assertError(assert, response, 404, 'E_NOT_FOUND')

    await open.refresh()
    await secret.refresh()
    assert.deepEqual([open.title, open.privacy, secret.title, secret.privacy], ['Alice public', 'public', 'Alice private', 'private'])
    const items = await ListItem.query().orderBy('list_id')
    assert.deepEqual(items.map((i) => [i.listId, i.movieId, i.note]), [
      [open.id, movie.id, "Alice's note"],
      [secret.id, movie.id, null],
    ])
  })

  test("ListPolicy: a stranger's 404 and a non-owner's 403 keep the contract's envelope; a guest gets 404 on a private list", async ({
    client,
    assert,
  }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const open = await makeList(alice, 'public', 'Open')
    const secret = await makeList(alice, 'private', 'Secret')

    const hidden = await client.get(`/api/v1/lists/${secret.id}`).loginAs(bob)
    assertError(assert, hidden, 404, 'E_NOT_FOUND')
    assert.equal(hidden.body().error.message, 'List not found')
    assertError(assert, await client.get(`/api/v1/lists/${secret.id}`), 404, 'E_NOT_FOUND')

    const refused = await client.patch(`/api/v1/lists/${open.id}`).json({ title: 'Mine now' }).loginAs(bob)
    assertError(assert, refused, 403, 'E_FORBIDDEN')
    assert.equal(refused.body().error.message, 'Only the owner can change this list')
    await open.refresh()
    assert.equal(open.title, 'Open')
  })

  test('likes are idempotent 204s on visible lists; invisible lists are 404', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const open = await makeList(alice, 'public')
    const secret = await makeList(alice, 'private')
    for (let i = 0; i < 2; i++) (await client.post(`/api/v1/lists/${open.id}/like`).loginAs(bob)).assertStatus(204)
    assert.equal(await countRows('list_likes', { list_id: open.id }), 1)
    const detail = await client.get(`/api/v1/lists/${open.id}`).loginAs(bob)
    assert.containSubset(detail.body(), { likes_count: 1, liked: true })
    for (let i = 0; i < 2; i++) (await client.delete(`/api/v1/lists/${open.id}/like`).loginAs(bob)).assertStatus(204)
    assert.equal(await countRows('list_likes'), 0)

    assertError(assert, await client.post(`/api/v1/lists/${secret.id}/like`).loginAs(bob), 404, 'E_NOT_FOUND')
    assertError(assert, await client.post(`/api/v1/lists/${open.id}/like`), 401, 'E_UNAUTHORIZED')
    assert.equal(await countRows('list_likes'), 0)
  })
})
