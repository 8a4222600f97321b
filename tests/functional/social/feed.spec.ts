import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import { assertError, assertValidation, countRows, eventually, makeFriends, USER_SUMMARY_KEYS } from './helpers.js'

test.group('Social / feed', () => {
  test("GET /me/feed: friends' typed activity, newest first; strangers and private lists stay out", async ({ client, assert }) => {
    const [me, friend, newFriend, stranger] = await UserFactory.createMany(4)
    const [m1, m2, m3] = await MovieFactory.createMany(3)
    await makeFriends(me, friend)

    // Recorded by the existing services, through the API.
    ;(await client.put(`/api/v1/movies/${m1.id}/rating`).json({ rating: 4 }).loginAs(friend)).assertStatus(201)
    ;(await client.put(`/api/v1/movies/${m2.id}/rating`).json({ rating: 3.5, review: 'Solid' }).loginAs(friend)).assertStatus(201)
    ;(await client.post('/api/v1/me/diary').json({ movie_id: m3.id, watched_on: '2026-11-01', rating: 5 }).loginAs(friend)).assertStatus(201)
    ;(await client.put(`/api/v1/me/watchlist/${m1.id}`).loginAs(friend)).assertStatus(201)
    ;(await client.post('/api/v1/lists').json({ title: 'Public picks', privacy: 'public' }).loginAs(friend)).assertStatus(201)
    ;(await client.post('/api/v1/lists').json({ title: 'Secret', privacy: 'private' }).loginAs(friend)).assertStatus(201)
    ;(await client.put(`/api/v1/movies/${m1.id}/rating`).json({ rating: 1 }).loginAs(stranger)).assertStatus(201)
    const request = (await client.post(`/api/v1/users/${newFriend.id}/friend-request`).loginAs(friend)).body()
    ;(await client.post(`/api/v1/me/friend-requests/${request.id}/accept`).loginAs(newFriend)).assertStatus(200)
    assert.equal(await countRows('activities', { type: 'list_created' }), 1, 'private lists are not recorded')

    // Fanned out by queued jobs: wait for the seven items.
    const response = await eventually(async () => {
      const current = await client.get('/api/v1/me/feed').loginAs(me)
      return current.body().data?.length === 7 && current
    })
    response.assertStatus(200)
    const body = response.body()
    assert.equal(await countRows('feed_items', { owner_id: me.id }), 7)
    assert.deepEqual(Object.keys(body).sort(), ['data', 'next_cursor'])
    assert.isNull(body.next_cursor)
    const types = body.data.map((item: { type: string }) => item.type)
    assert.deepEqual(types, ['friendship', 'list_created', 'watchlist_add', 'diary_entry', 'review', 'rating', 'rating'])
    for (const item of body.data) {
      assert.equal(item.user.id, friend.id)
      assert.deepEqual(Object.keys(item.user).sort(), [...USER_SUMMARY_KEYS].sort())
    }
    const byType = (type: string) => body.data.filter((item: { type: string }) => item.type === type)
    assert.equal(byType('friendship')[0].friend.id, newFriend.id)
    assert.equal(byType('list_created')[0].list.title, 'Public picks')
    assert.equal(byType('watchlist_add')[0].movie.id, m1.id)
    assert.containSubset(byType('diary_entry')[0], { movie: { id: m3.id }, diary_entry: { watched_on: '2026-11-01', rating: 5 } })
    assert.containSubset(byType('review')[0], { movie: { id: m2.id }, review: { body: 'Solid', rating: 3.5 } })
    assert.sameMembers(
      byType('rating').map((item: { movie: { id: number }; rating: number }) => [item.movie.id, item.rating].join(':')),
      [`${m1.id}:4`, `${m2.id}:3.5`]
    )
    const times = body.data.map((item: { created_at: string }) => item.created_at)
    assert.deepEqual(times, [...times].sort().reverse())

    // newFriend is now friends with `friend`, not with me: only my friends' activity.
    const theirs = await client.get('/api/v1/me/feed').loginAs(newFriend)
    assert.deepEqual(
      theirs.body().data.map((item: { user: { id: number } }) => item.user.id).filter((id: number) => id !== friend.id),
      []
    )
    // A deleted rating leaves the feed.
    ;(await client.delete(`/api/v1/movies/${m1.id}/rating`).loginAs(friend)).assertStatus(204)
    const after = await client.get('/api/v1/me/feed').loginAs(me)
    assert.deepEqual(
      after.body().data.filter((item: { type: string }) => item.type === 'rating').map((item: { movie: { id: number } }) => item.movie.id),
      [m2.id]
    )
    assertError(assert, await client.get('/api/v1/me/feed'), 401, 'E_UNAUTHORIZED')
  })

  test('cursor paging walks the whole feed once, in order; bad cursors and limits are 422', async ({ client, assert }) => {
    const [me, a, b] = await UserFactory.createMany(3)
    await makeFriends(me, a)
    await makeFriends(me, b)
    const movies = await MovieFactory.createMany(7)
    // Several activities share a timestamp: the id breaks the tie.
    const at = new Date('2026-11-20T10:00:00.123456Z')
    for (const [index, movie] of movies.entries()) {
      await db.table('watchlist_items').insert({ user_id: index % 2 ? a.id : b.id, movie_id: movie.id })
    }
    const items = await db.from('watchlist_items').select('id', 'user_id', 'movie_id')
    for (const [index, item] of items.entries()) {
      const createdAt = index < 4 ? at : new Date(at.getTime() + index * 1000)
      const [activity] = await db
        .table('activities')
        .insert({ user_id: item.user_id, type: 'watchlist_add', subject_id: item.id, movie_id: item.movie_id, created_at: createdAt })
        .returning('id')
      // What the fan-out job writes, with the exact same timestamp (µs) for the tie.
      await db.rawQuery(
        'INSERT INTO feed_items (owner_id, activity_id, actor_id, created_at) SELECT ?, id, user_id, created_at FROM activities WHERE id = ?',
        [me.id, activity.id]
      )
    }
    const seen: number[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const url: string = `/api/v1/me/feed?limit=2${cursor ? `&before=${encodeURIComponent(cursor)}` : ''}`
      const page = await client.get(url).loginAs(me)
      page.assertStatus(200)
      seen.push(...page.body().data.map((item: { id: number }) => item.id))
      cursor = page.body().next_cursor
      pages += 1
    } while (cursor && pages < 10)
    assert.equal(pages, 4)
    assert.lengthOf(seen, 7)
    assert.lengthOf(new Set(seen), 7)
    const expected = await db.from('activities').orderBy('created_at', 'desc').orderBy('id', 'desc').select('id')
    assert.deepEqual(seen, expected.map((row) => Number(row.id)))

    assertValidation(assert, await client.get('/api/v1/me/feed?before=not-a-cursor').loginAs(me), 'before')
    assertValidation(assert, await client.get('/api/v1/me/feed?limit=0').loginAs(me), 'limit')
    assertValidation(assert, await client.get('/api/v1/me/feed?limit=101').loginAs(me), 'limit')
  })

  test('GET /movies/:id/friends: friends who rated, reviewed, logged or watchlisted it, with their rating', async ({ client, assert }) => {
    const [me, rater, watcher, logger, idle, stranger] = await UserFactory.createMany(6)
    const [movie, other] = await MovieFactory.createMany(2)
    for (const friend of [rater, watcher, logger, idle]) await makeFriends(me, friend)
    ;(await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 4.5, review: 'Loved it' }).loginAs(rater)).assertStatus(201)
    ;(await client.put(`/api/v1/me/watchlist/${movie.id}`).loginAs(watcher)).assertStatus(201)
    ;(await client.post('/api/v1/me/diary').json({ movie_id: movie.id, watched_on: '2026-10-10' }).loginAs(logger)).assertStatus(201)
    ;(await client.put(`/api/v1/movies/${other.id}/rating`).json({ rating: 2 }).loginAs(idle)).assertStatus(201)
    ;(await client.put(`/api/v1/movies/${movie.id}/rating`).json({ rating: 1 }).loginAs(stranger)).assertStatus(201)

    const response = await client.get(`/api/v1/movies/${movie.id}/friends`).loginAs(me)
    response.assertStatus(200)
    const data = response.body().data
    assert.equal(response.body().meta.total, 3)
    assert.equal(data[0].user.id, rater.id)
    assert.deepEqual(data[0], {
      user: data[0].user,
      rating: 4.5,
      review: 'Loved it',
      contains_spoilers: false,
      last_watched_on: null,
      in_watchlist: false,
    })
    const byUser = new Map(data.map((row: { user: { id: number } }) => [row.user.id, row]))
    assert.containSubset(byUser.get(watcher.id), { rating: null, in_watchlist: true })
    assert.containSubset(byUser.get(logger.id), { rating: null, last_watched_on: '2026-10-10' })
    assertError(assert, await client.get('/api/v1/movies/999999/friends').loginAs(me), 404, 'E_NOT_FOUND')
    assertError(assert, await client.get(`/api/v1/movies/${movie.id}/friends`), 401, 'E_UNAUTHORIZED')
  })
})

test.group('Social / notifications', () => {
  test('GET /me/notifications: newest first, unread_only, meta.unread_count; POST read marks ids or all', async ({ client, assert }) => {
    const [me, other] = await UserFactory.createMany(2)
    const insert = (userId: number, title: string, minutes: number) =>
      db
        .table('notifications')
        .insert({ user_id: userId, type: 'system_update', title, message: `${title}!`, created_at: new Date(Date.UTC(2026, 10, 20, 10, minutes)) })
        .returning('id')
    const [[first], [second], [third], [foreign]] = await Promise.all([
      insert(me.id, 'one', 1),
      insert(me.id, 'two', 2),
      insert(me.id, 'three', 3),
      insert(other.id, 'theirs', 4),
    ])
    const list = await client.get('/api/v1/me/notifications').loginAs(me)
    list.assertStatus(200)
    assert.deepEqual(
      list.body().data.map((n: { title: string }) => n.title),
      ['three', 'two', 'one']
    )
    assert.equal(list.body().meta.unread_count, 3)
    assert.containSubset(list.body().data[0], { type: 'system_update', message: 'three!', read: false, movie_id: null, image: null })

    const marked = await client
      .post('/api/v1/me/notifications/read')
      .json({ ids: [Number(first.id), Number(foreign.id)] })
      .loginAs(me)
    marked.assertStatus(200)
    assert.deepEqual(marked.body(), { updated: 1 })
    assert.isNull((await db.from('notifications').where('id', foreign.id).first()).read_at, "others' ids are ignored")

    const unread = await client.get('/api/v1/me/notifications?unread_only=true').loginAs(me)
    assert.deepEqual(
      unread.body().data.map((n: { id: number }) => n.id),
      [Number(third.id), Number(second.id)]
    )
    assert.equal(unread.body().meta.unread_count, 2)
    assert.equal(unread.body().meta.total, 2)

    const all = await client.post('/api/v1/me/notifications/read').json({ all: true }).loginAs(me)
    assert.deepEqual(all.body(), { updated: 2 })
    assert.equal(await countRows('notifications', { user_id: me.id }), 3)
    assert.equal((await db.from('notifications').where('user_id', me.id).whereNull('read_at').count('* as c'))[0].c, '0')
    assertValidation(assert, await client.post('/api/v1/me/notifications/read').json({}).loginAs(me), 'ids')
    assertValidation(assert, await client.post('/api/v1/me/notifications/read').json({ ids: ['x'] }).loginAs(me), 'ids.0')
    assertError(assert, await client.get('/api/v1/me/notifications'), 401, 'E_UNAUTHORIZED')
  })
})
