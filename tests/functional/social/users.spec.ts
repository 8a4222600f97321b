import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import type User from '#models/user'
import { assertError, assertValidation, makeBlock, makeFriends, USER_SUMMARY_KEYS } from './helpers.js'

const PROFILE_KEYS = [...USER_SUMMARY_KEYS, 'bio', 'is_private', 'friendship']

async function rate(user: User, movieId: number, rating: number) {
  await db.table('ratings').insert({ user_id: user.id, movie_id: movieId, rating })
}

test.group('Social / user search', () => {
  test('GET /users?search= needs 2+ characters (422), a token (401), and never shows email', async ({ client, assert }) => {
    const viewer = await UserFactory.create()
    assertValidation(assert, await client.get('/api/v1/users').loginAs(viewer), 'search')
    assertValidation(assert, await client.get('/api/v1/users?search=a').loginAs(viewer), 'search')
    assertValidation(assert, await client.get('/api/v1/users?search=%20a%20').loginAs(viewer), 'search')
    assertError(assert, await client.get('/api/v1/users?search=abc'), 401, 'E_UNAUTHORIZED')
    await UserFactory.merge({ username: 'moviebuff', displayName: 'Jo', email: 'secret@example.test' }).create()
    const response = await client.get('/api/v1/users?search=MOVIE').loginAs(viewer)
    response.assertStatus(200)
    assert.lengthOf(response.body().data, 1)
    assert.deepEqual(Object.keys(response.body().data[0]).sort(), [...USER_SUMMARY_KEYS].sort())
    assert.notInclude(JSON.stringify(response.body()), 'secret@example.test')
  })

  test('case-insensitive substring on username and display name, prefix matches first, paginated', async ({ client, assert }) => {
    const viewer = await UserFactory.merge({ username: 'viewer_x', displayName: 'Viewer' }).create()
    const inner = await UserFactory.merge({ username: 'aa_johnny', displayName: 'Someone' }).create()
    const prefix = await UserFactory.merge({ username: 'johnson', displayName: 'Other' }).create()
    const byName = await UserFactory.merge({ username: 'zed', displayName: 'John Smith' }).create()
    await UserFactory.merge({ username: 'unrelated', displayName: 'Nobody' }).create()
    await UserFactory.merge({ username: 'j_o_h_n', displayName: 'Literal %' }).create()

    const response = await client.get('/api/v1/users?search=JOHN').loginAs(viewer)
    response.assertStatus(200)
    const ids = response.body().data.map((u: { id: number }) => u.id)
    assert.sameMembers(ids, [inner.id, prefix.id, byName.id])
    assert.equal(ids[ids.length - 1], inner.id, 'the substring-only match comes after the prefix matches')
    assert.equal(response.body().meta.total, 3)

    const paged = await client.get('/api/v1/users?search=john&per_page=1&page=2').loginAs(viewer)
    assert.lengthOf(paged.body().data, 1)
    assert.equal(paged.body().meta.last_page, 3)
    // LIKE wildcards are literal.
    const literal = await client.get('/api/v1/users?search=%25%25').loginAs(viewer)
    assert.deepEqual(literal.body().data, [])
  })

  test('users who blocked the caller are hidden from the search', async ({ client, assert }) => {
    const viewer = await UserFactory.create()
    const blocker = await UserFactory.merge({ username: 'popcorn_blocker' }).create()
    const other = await UserFactory.merge({ username: 'popcorn_friendly' }).create()
    await makeBlock(blocker, viewer)
    const response = await client.get('/api/v1/users?search=popcorn').loginAs(viewer)
    assert.deepEqual(
      response.body().data.map((u: { id: number }) => u.id),
      [other.id]
    )
    // The blocker still finds the blocked user (to manage the block) — only the blocked side is blind.
    const fromBlocker = await client.get(`/api/v1/users?search=${viewer.username.slice(0, 6)}`).loginAs(blocker)
    assert.include(
      fromBlocker.body().data.map((u: { id: number }) => u.id),
      viewer.id
    )
  })
})

test.group('Social / profiles and privacy', () => {
  test('GET /users/:id: summary + bio, is_private, friendship; never email; 404 unknown', async ({ client, assert }) => {
    const [viewer, target] = await UserFactory.createMany(2)
    target.bio = 'I like films'
    await target.save()
    const response = await client.get(`/api/v1/users/${target.id}`).loginAs(viewer)
    response.assertStatus(200)
    assert.deepEqual(Object.keys(response.body()).sort(), PROFILE_KEYS.sort())
    assert.containSubset(response.body(), {
      id: target.id,
      bio: 'I like films',
      is_private: false,
      friendship: { status: 'none', request_id: null, since: null },
    })
    assertError(assert, await client.get('/api/v1/users/999999').loginAs(viewer), 404, 'E_NOT_FOUND')
    assertError(assert, await client.get(`/api/v1/users/${target.id}`), 401, 'E_UNAUTHORIZED')
  })

  test('friends and ratings: stranger, friend, blocked user and owner of a private and a public account', async ({ client, assert }) => {
    const [owner, friend, stranger, blocked, publicUser] = await UserFactory.createMany(5)
    owner.isPrivate = true
    await owner.save()
    await makeFriends(owner, friend)
    await makeBlock(owner, blocked)
    const movie = await MovieFactory.create()
    await rate(owner, movie.id, 4.5)
    await rate(publicUser, movie.id, 2)
    await makeFriends(publicUser, friend)

    const get = (viewer: User, path: string) => client.get(`/api/v1/users/${owner.id}${path}`).loginAs(viewer)

    // Owner and friend see everything.
    for (const viewer of [owner, friend]) {
      const friends = await get(viewer, '/friends')
      friends.assertStatus(200)
      assert.deepEqual(
        friends.body().data.map((u: { id: number }) => u.id),
        [friend.id]
      )
      assert.isString(friends.body().data[0].friends_since)
      const ratings = await get(viewer, '/ratings')
      ratings.assertStatus(200)
      assert.equal(ratings.body().data[0].id, movie.id)
      assert.equal(ratings.body().data[0].user_rating, 4.5)
      assert.isString(ratings.body().data[0].rated_at)
    }
    // Stranger: the profile exists but its friends and ratings are private.
    ;(await get(stranger, '')).assertStatus(200)
    assert.isTrue((await get(stranger, '')).body().is_private)
    assertError(assert, await get(stranger, '/friends'), 403, 'E_FORBIDDEN')
    assertError(assert, await get(stranger, '/ratings'), 403, 'E_FORBIDDEN')
    // Blocked user: the owner does not exist for them.
    assertError(assert, await get(blocked, ''), 404, 'E_NOT_FOUND')
    assertError(assert, await get(blocked, '/friends'), 404, 'E_NOT_FOUND')
    assertError(assert, await get(blocked, '/ratings'), 404, 'E_NOT_FOUND')

    // A public account is readable by a stranger; its friend list hides users who blocked the viewer.
    const publicFriends = await client.get(`/api/v1/users/${publicUser.id}/friends`).loginAs(stranger)
    publicFriends.assertStatus(200)
    assert.deepEqual(
      publicFriends.body().data.map((u: { id: number }) => u.id),
      [friend.id]
    )
    await makeBlock(friend, stranger)
    const afterBlock = await client.get(`/api/v1/users/${publicUser.id}/friends`).loginAs(stranger)
    assert.deepEqual(afterBlock.body().data, [])
    const publicRatings = await client.get(`/api/v1/users/${publicUser.id}/ratings`).loginAs(stranger)
    publicRatings.assertStatus(200)
    assert.equal(publicRatings.body().data[0].user_rating, 2)
    assert.equal(publicRatings.body().meta.total, 1)
    assertValidation(assert, await client.get(`/api/v1/users/${publicUser.id}/ratings?per_page=0`).loginAs(stranger), 'per_page')
  })
})
