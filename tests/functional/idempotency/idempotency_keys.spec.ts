/*
 * Idempotency-Key on the POST routes that create something (API.md
 * Conventions; app/middleware/idempotency_middleware.ts): per route kind,
 * a retried key replays the first response and writes nothing; keys are
 * per user; misuse is answered in the envelope and writes nothing.
 */
import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type { ApiClient, ApiResponse } from '@japa/api-client'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import Comment from '#models/comment'
import type User from '#models/user'
import { directRoom } from '../chat/helpers.js'
import { assertError, countRows, makeFriends } from '../social/helpers.js'

interface Kind {
  name: string
  table: string
  /** Prepares what the route needs for both users; returns how to send the request as either. */
  setup(alice: User, bob: User, client: ApiClient): Promise<(user: User, key?: string) => Promise<ApiResponse>>
}

const keyed = <T extends { header(name: string, value: string): T }>(request: T, key?: string) =>
  key === undefined ? request : request.header('Idempotency-Key', key)

/** Builds the kinds against one client (the api client is per test). */
function routeKinds(client: ApiClient): Kind[] {
  const post = (url: string) => client.post(url)
  return [
    {
      name: 'comments',
      table: 'comments',
      async setup() {
        const movie = await MovieFactory.create()
        return (user, key) => keyed(post(`/api/v1/movies/${movie.id}/comments`).json({ body: 'Worth it' }), key).loginAs(user)
      },
    },
    {
      name: 'lists',
      table: 'lists',
      async setup() {
        return (user, key) => keyed(post('/api/v1/lists').json({ title: 'Heists', privacy: 'public' }), key).loginAs(user)
      },
    },
    {
      name: 'reports',
      table: 'reports',
      async setup() {
        const author = await UserFactory.create()
        const movie = await MovieFactory.create()
        const comment = await Comment.create({ userId: author.id, movieId: movie.id, body: 'Buy pills' })
        return (user, key) => keyed(post(`/api/v1/comments/${comment.id}/report`).json({ reason: 'spam' }), key).loginAs(user)
      },
    },
    {
      name: 'imports',
      table: 'data_imports',
      async setup() {
        const file = app.makePath('tests', 'fixtures', 'imports', 'imdb_ratings.csv')
        return (user, key) => keyed(post('/api/v1/me/imports').field('source', 'imdb_ratings').file('file', file), key).loginAs(user)
      },
    },
    {
      name: 'exports',
      table: 'data_exports',
      async setup() {
        return (user, key) => keyed(post('/api/v1/me/export'), key).loginAs(user)
      },
    },
    {
      name: 'chat messages',
      table: 'chat_messages',
      async setup(alice, bob) {
        await makeFriends(alice, bob)
        const roomId = await directRoom(client, alice, bob)
        return (user, key) => keyed(post(`/api/v1/chat/rooms/${roomId}/messages`).json({ body: 'See you at 8' }), key).loginAs(user)
      },
    },
    {
      name: 'friend requests',
      table: 'friend_requests',
      async setup() {
        const carol = await UserFactory.create()
        return (user, key) => keyed(post(`/api/v1/users/${carol.id}/friend-request`), key).loginAs(user)
      },
    },
    {
      name: 'diary entries',
      table: 'diary_entries',
      async setup() {
        const movie = await MovieFactory.create()
        return (user, key) =>
          keyed(post('/api/v1/me/diary').json({ movie_id: movie.id, watched_on: '2026-01-02', rating: 4 }), key).loginAs(user)
      },
    },
  ]
}

const isSuccess = (response: ApiResponse) => response.status() >= 200 && response.status() < 300

test.group('Idempotency-Key / replay per route kind', () => {
  for (const name of ['comments', 'lists', 'reports', 'imports', 'exports', 'chat messages', 'friend requests', 'diary entries']) {
    test(`${name}: the same key twice returns the first response and writes one row; another user's same key is independent`, async ({
      client,
      assert,
    }) => {
      const kind = routeKinds(client).find((entry) => entry.name === name)!
      const [alice, bob] = await UserFactory.createMany(2)
      const send = await kind.setup(alice, bob, client)
      const before = await countRows(kind.table)

      const first = await send(alice, 'retry-me-1')
      assert.isTrue(isSuccess(first), `${first.status()} ${JSON.stringify(first.body())}`)
      assert.equal(await countRows(kind.table), before + 1)

      const again = await send(alice, 'retry-me-1')
      again.assertStatus(first.status())
      assert.deepEqual(again.body(), first.body())
      assert.equal(again.header('idempotent-replayed'), 'true')
      assert.equal(await countRows(kind.table), before + 1)

      // The same key from another user is theirs: a row of their own.
      const other = await send(bob, 'retry-me-1')
      assert.isTrue(isSuccess(other), `${other.status()} ${JSON.stringify(other.body())}`)
      assert.isUndefined(other.header('idempotent-replayed'))
      assert.equal(await countRows(kind.table), before + 2)
      assert.equal(await countRows('idempotency_keys', { key: 'retry-me-1' }), 2)
    })
  }
})

test.group('Idempotency-Key / misuse and failures', () => {
  test('parallel requests with one key create one row: the others replay it or get 409 while it is in flight', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        client.post('/api/v1/lists').header('Idempotency-Key', 'same-key').json({ title: 'Once', privacy: 'public' }).loginAs(user)
      )
    )
    const statuses = responses.map((response) => response.status())
    assert.equal(await countRows('lists', { user_id: user.id }), 1)
    assert.equal(statuses.filter((status) => status === 201).length >= 1, true)
    const created = responses.find((response) => response.status() === 201)!
    for (const response of responses) {
      if (response.status() === 201) assert.deepEqual(response.body(), created.body())
      else {
        assertError(assert, response, 409, 'E_CONFLICT')
        assert.equal(response.header('retry-after'), '1')
      }
    }
  })

  test('a key reused with a different body or on another route is 422 naming the header, and writes nothing', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const first = await client.post('/api/v1/lists').header('Idempotency-Key', 'k-1').json({ title: 'A', privacy: 'public' }).loginAs(user)
    first.assertStatus(201)

    const otherBody = await client.post('/api/v1/lists').header('Idempotency-Key', 'k-1').json({ title: 'B', privacy: 'public' }).loginAs(user)
    assertError(assert, otherBody, 422, 'E_VALIDATION')
    assert.equal(otherBody.body().error.details[0].field, 'Idempotency-Key')
    assert.match(otherBody.body().error.message, /different request/)

    const otherRoute = await client.post('/api/v1/me/export').header('Idempotency-Key', 'k-1').loginAs(user)
    assertError(assert, otherRoute, 422, 'E_VALIDATION')
    assert.equal(await countRows('lists'), 1)
    assert.equal(await countRows('data_exports'), 0)

    // The same body with its keys in another order is the same request.
    const reordered = await client.post('/api/v1/lists').header('Idempotency-Key', 'k-1').json({ privacy: 'public', title: 'A' }).loginAs(user)
    reordered.assertStatus(201)
    assert.deepEqual(reordered.body(), first.body())
  })

  test('a malformed key is 400 E_BAD_REQUEST and writes nothing', async ({ client, assert }) => {
    const user = await UserFactory.create()
    for (const key of ['x'.repeat(129), 'has space', 'tab\there', 'ünïcode']) {
      const response = await client
        .post('/api/v1/lists')
        .header('Idempotency-Key', key)
        .json({ title: 'A', privacy: 'public' })
        .loginAs(user)
      assert.equal(response.status(), 400, JSON.stringify(key))
      assertError(assert, response, 400, 'E_BAD_REQUEST')
      assert.equal(response.body().error.details[0].field, 'Idempotency-Key')
    }
    assert.equal(await countRows('lists'), 0)
    assert.equal(await countRows('idempotency_keys'), 0)
    // 128 visible characters are fine.
    const longest = await client.post('/api/v1/lists').header('Idempotency-Key', 'k'.repeat(128)).json({ title: 'A', privacy: 'public' }).loginAs(user)
    longest.assertStatus(201)
  })

  test('only successes are replayed: a failed request leaves the key free for the retry', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    await makeFriends(alice, bob)
    const send = () => client.post(`/api/v1/users/${bob.id}/friend-request`).header('Idempotency-Key', 'befriend-bob').loginAs(alice)

    const refused = await send()
    assertError(assert, refused, 409, 'E_CONFLICT')
    assert.equal(await countRows('idempotency_keys'), 0)

    await db.from('friendships').delete()
    const accepted = await send()
    accepted.assertStatus(201)
    assert.isUndefined(accepted.header('idempotent-replayed'))
    assert.equal(await countRows('friend_requests'), 1)
    const replayed = await send()
    replayed.assertStatus(201)
    assert.deepEqual(replayed.body(), accepted.body())
    assert.equal(await countRows('friend_requests'), 1)
  })

  test('a key expires after 24 hours: the same key then creates again', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const send = () => client.post('/api/v1/lists').header('Idempotency-Key', 'daily').json({ title: 'A', privacy: 'public' }).loginAs(user)
    ;(await send()).assertStatus(201)
    await db.from('idempotency_keys').update({ expires_at: new Date(Date.now() - 1000) })
    const later = await send()
    later.assertStatus(201)
    assert.isUndefined(later.header('idempotent-replayed'))
    assert.equal(await countRows('lists'), 2)
    assert.equal(await countRows('idempotency_keys'), 1)
  })

  test('every idempotent route documents the header in the OpenAPI document', async ({ client, assert }) => {
    const spec = (await client.get('/api/openapi.json')).body()
    const expected = [
      ['/api/v1/movies/{id}/comments', 'post'],
      ['/api/v1/lists/{id}/comments', 'post'],
      ['/api/v1/lists', 'post'],
      ['/api/v1/reviews/{id}/report', 'post'],
      ['/api/v1/comments/{id}/report', 'post'],
      ['/api/v1/lists/{id}/report', 'post'],
      ['/api/v1/me/imports', 'post'],
      ['/api/v1/me/export', 'post'],
      ['/api/v1/me/diary', 'post'],
      ['/api/v1/chat/rooms', 'post'],
      ['/api/v1/chat/rooms/{id}/messages', 'post'],
      ['/api/v1/users/{id}/friend-request', 'post'],
      ['/api/v1/movies', 'post'],
    ]
    for (const [path, method] of expected) {
      const operation = spec.paths[path][method]
      const header = operation.parameters.find((parameter: { name: string }) => parameter.name === 'Idempotency-Key')
      assert.exists(header, `${method} ${path}`)
      assert.equal(header.in, 'header')
      assert.equal(header.schema.maxLength, 128)
      assert.properties(operation.responses, ['400', '409', '422'])
    }
    // Not on routes that create nothing.
    const login = spec.paths['/api/v1/auth/login'].post
    assert.notExists((login.parameters ?? []).find((parameter: { name: string }) => parameter.name === 'Idempotency-Key'))
  })
})
