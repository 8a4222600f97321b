import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import { countRows, eventually, makeFriends } from './helpers.js'

/*
 * GET /me/feed pages are cached per reader (app/services/social/feed_cache.ts).
 * Each test reads a page (so it is cached), changes something through the
 * API, and reads again: the page must show the change at once.
 */

interface Item {
  id: number
  type: string
  user: { id: number; display_name: string | null }
  movie: { id: number; average_rating: number | null; rating_count: number; user_rating?: number | null; in_watchlist?: boolean; is_favorite?: boolean } | null
  rating?: number
  review?: { rating: number; body: string }
  list?: { id: number; title: string }
  friend?: { id: number }
}

async function feedOf(client: ApiClient, user: User): Promise<Item[]> {
  const response = await client.get('/api/v1/me/feed').loginAs(user)
  response.assertStatus(200)
  return response.body().data
}

/** Waits for the fan-out job, then reads the page twice (the second one from the cache). */
async function cachedFeed(client: ApiClient, user: User, count: number, assert: { deepEqual: (a: unknown, b: unknown) => void }) {
  const first = await eventually(async () => {
    const items = await feedOf(client, user)
    return items.length === count && items
  })
  assert.deepEqual(await feedOf(client, user), first)
  return first
}

const types = (items: Item[]) => items.map((item) => item.type)

test.group('Social / feed cache', () => {
  test("a friend's rating, review and list changes show at once", async ({ client, assert }) => {
    const [me, friend] = await UserFactory.createMany(2)
    const movie = await MovieFactory.create()
    await makeFriends(me, friend)
    ;(await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 4, review: 'Solid' }).loginAs(friend)).assertStatus(201)
    ;(await client.post('/api/v1/lists').json({ title: 'Picks', privacy: 'public' }).loginAs(friend)).assertStatus(201)
    const before = await cachedFeed(client, me, 3, assert)
    assert.deepEqual(types(before), ['list_created', 'review', 'rating'])

    // Rating edited: both items carry the new value.
    ;(await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 2, review: 'Solid' }).loginAs(friend)).assertStatus(200)
    let items = await feedOf(client, me)
    assert.equal(items.find((item) => item.type === 'rating')!.rating, 2)
    assert.equal(items.find((item) => item.type === 'review')!.review!.rating, 2)

    // Review removed: its item goes, the rating stays.
    ;(await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 2, review: null }).loginAs(friend)).assertStatus(200)
    items = await feedOf(client, me)
    assert.deepEqual(types(items), ['list_created', 'rating'])
    assert.isNull((await db.from('ratings').where({ user_id: friend.id, movie_id: movie.id }).first()).review)

    // List renamed, then made private.
    const listId = items[0].list!.id
    ;(await client.patch(`/api/v1/lists/${listId}`).json({ title: 'Renamed' }).loginAs(friend)).assertStatus(200)
    items = await feedOf(client, me)
    assert.equal(items[0].list!.title, 'Renamed')
    ;(await client.patch(`/api/v1/lists/${listId}`).json({ privacy: 'private' }).loginAs(friend)).assertStatus(200)
    assert.deepEqual(types(await feedOf(client, me)), ['rating'])

    // Rating deleted: the feed is empty.
    ;(await client.delete(`/api/v1/movies/${movie.id}/rating`).loginAs(friend)).assertStatus(204)
    assert.deepEqual(await feedOf(client, me), [])
    assert.equal(await countRows('ratings', { user_id: friend.id }), 0)
  })

  test('a deleted list, an edited diary entry, a new activity (fan-out) and a profile change show at once', async ({ client, assert }) => {
    const [me, friend] = await UserFactory.createMany(2)
    const [m1, m2] = await MovieFactory.createMany(2)
    await makeFriends(me, friend)
    const list = (await client.post('/api/v1/lists').json({ title: 'Gone soon', privacy: 'friends' }).loginAs(friend)).body()
    await cachedFeed(client, me, 1, assert)
    ;(await client.delete(`/api/v1/lists/${list.id}`).loginAs(friend)).assertStatus(204)
    assert.deepEqual(await feedOf(client, me), [])
    assert.equal(await countRows('lists', { id: list.id }), 0)

    // A diary entry edited.
    const entry = (await client.post('/api/v1/me/diary').json({ movie_id: m2.id, watched_on: '2026-11-01', rating: 3 }).loginAs(friend)).body()
    await cachedFeed(client, me, 1, assert)
    ;(await client.patch(`/api/v1/me/diary/${entry.id}`).json({ watched_on: '2026-11-02', rating: 4.5 }).loginAs(friend)).assertStatus(200)
    const [logged] = await feedOf(client, me)
    assert.containSubset(logged, { type: 'diary_entry', diary_entry: { id: entry.id, watched_on: '2026-11-02', rating: 4.5 } })
    ;(await client.delete(`/api/v1/me/diary/${entry.id}`).loginAs(friend)).assertStatus(204)
    assert.deepEqual(await feedOf(client, me), [])

    // The fan-out job drops the cached (empty) page when it writes the new item.
    ;(await client.put(`/api/v1/me/watchlist/${m1.id}`).loginAs(friend)).assertStatus(201)
    const items = await eventually(async () => {
      const current = await feedOf(client, me)
      return current.length === 1 && current
    })
    assert.containSubset(items[0], { type: 'watchlist_add', movie: { id: m1.id } })
    // The deleted list's and diary entry's rows stay in feed_items (left out when hydrating).
    assert.equal(await countRows('feed_items', { owner_id: me.id }), 3)

    // The author's display name.
    ;(await client.patch('/api/v1/me').json({ display_name: 'New Name' }).loginAs(friend)).assertStatus(200)
    assert.equal((await feedOf(client, me))[0].user.display_name, 'New Name')

    // The movie's figures (someone else rates it: the catalogue's movie tag).
    const stranger = await UserFactory.create()
    ;(await client.put(`/api/v1/movies/${m1.id}/rating`).json({ rating: 5 }).loginAs(stranger)).assertStatus(201)
    assert.containSubset((await feedOf(client, me))[0].movie, { average_rating: 5, rating_count: 1 })
  })

  test("the reader's own rating, watchlist, favourite and maturity filter show at once", async ({ client, assert }) => {
    const [me, friend] = await UserFactory.createMany(2)
    const movie = await MovieFactory.merge({ certification: 'R' }).create()
    await makeFriends(me, friend)
    ;(await client.put(`/api/v1/me/watchlist/${movie.id}`).loginAs(friend)).assertStatus(201)
    const [item] = await cachedFeed(client, me, 1, assert)
    assert.containSubset(item.movie, { user_rating: null, in_watchlist: false, is_favorite: false })

    ;(await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 3.5 }).loginAs(me)).assertStatus(201)
    ;(await client.put(`/api/v1/me/watchlist/${movie.id}`).loginAs(me)).assertStatus(201)
    ;(await client.put(`/api/v1/me/favorites/${movie.id}`).loginAs(me)).assertStatus(201)
    assert.containSubset((await feedOf(client, me))[0].movie, { user_rating: 3.5, in_watchlist: true, is_favorite: true })
    ;(await client.delete(`/api/v1/me/favorites/${movie.id}`).loginAs(me)).assertStatus(204)
    assert.containSubset((await feedOf(client, me))[0].movie, { is_favorite: false })

    // `teen` hides titles certified R: the item goes, and comes back with `all`.
    ;(await client.patch('/api/v1/me').json({ maturity_filter: 'teen' }).loginAs(me)).assertStatus(200)
    assert.deepEqual(await feedOf(client, me), [])
    assert.equal((await db.from('users').where('id', me.id).first()).maturity_filter, 'teen')
    ;(await client.patch('/api/v1/me').json({ maturity_filter: 'all' }).loginAs(me)).assertStatus(200)
    assert.lengthOf(await feedOf(client, me), 1)
  })

  test('block, unblock and unfriend show at once', async ({ client, assert }) => {
    const [me, friend, newFriend] = await UserFactory.createMany(3)
    await makeFriends(me, friend)
    const request = (await client.post(`/api/v1/users/${newFriend.id}/friend-request`).loginAs(friend)).body()
    ;(await client.post(`/api/v1/me/friend-requests/${request.id}/accept`).loginAs(newFriend)).assertStatus(200)
    const [item] = await cachedFeed(client, me, 1, assert)
    assert.containSubset(item, { type: 'friendship', user: { id: friend.id }, friend: { id: newFriend.id } })

    // Blocking the friend's new friend hides that item; unblocking shows it again.
    ;(await client.put(`/api/v1/me/blocks/${newFriend.id}`).loginAs(me)).assertStatus(201)
    assert.deepEqual(await feedOf(client, me), [])
    ;(await client.delete(`/api/v1/me/blocks/${newFriend.id}`).loginAs(me)).assertStatus(204)
    assert.equal(await countRows('blocks', { blocker_id: me.id }), 0)
    assert.lengthOf(await feedOf(client, me), 1)

    // Unfriending empties it (and the feed_items go).
    ;(await client.delete(`/api/v1/me/friends/${friend.id}`).loginAs(me)).assertStatus(204)
    assert.deepEqual(await feedOf(client, me), [])
    assert.equal(await countRows('feed_items', { owner_id: me.id }), 0)
  })
})

test.group('Social / feed and moderation', () => {
  test('a review a moderator hides leaves friends\' feeds at once (cached page dropped), the rating stays', async ({ client, assert }) => {
    const [reader, author] = await UserFactory.createMany(2)
    const moderator = await UserFactory.apply('moderator').create()
    const movie = await MovieFactory.create()
    await makeFriends(reader, author)
    const put = await client.put(`/api/v1/movies/${movie.id}/rating`).loginAs(author).json({ rating: 1.5, review: 'Spoiler-laden rant' })
    put.assertStatus(201)
    const before = await cachedFeed(client, reader, 2, assert)
    assert.deepEqual(types(before), ['review', 'rating'])
    const report = await client.post(`/api/v1/reviews/${put.body().id}/report`).loginAs(reader).json({ reason: 'spoilers' })
    report.assertStatus(201)

    const hide = await client
      .post('/admin/reports/resolve')
      .withGuard('web')
      .loginAs(moderator)
      .withCsrfToken()
      .form({ target_type: 'review', target_id: put.body().id, action: 'hide', note: 'spoilers' })
      .redirects(0)
    hide.assertStatus(302)
    assert.isNotNull((await db.from('ratings').where('id', put.body().id).first()).hidden_at)

    // The review item goes; the rating (the user's score) stays.
    assert.deepEqual(types(await feedOf(client, reader)), ['rating'])
    assert.equal(await countRows('ratings', { user_id: author.id, movie_id: movie.id }), 1)
  })
})
