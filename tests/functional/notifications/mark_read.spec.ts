import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#factories/user_factory'
import type User from '#models/user'
import NotificationService from '#services/notifications/notification_service'
import { assertError, assertValidation, listNotifications } from './helpers.js'

/** Setup: a few unread notifications of `user`, as a worker writes them (oldest first). */
async function seed(user: User, count: number) {
  const notifications = await app.container.make(NotificationService)
  return notifications.createMany(
    Array.from({ length: count }, (_, i) => ({
      userId: user.id,
      type: 'system_update' as const,
      title: `Notice ${i}`,
      message: `Message ${i}`,
      data: { n: i },
    }))
  )
}

async function readAt(ids: number[]) {
  const rows = await db.from('notifications').whereIn('id', ids).orderBy('id').select('id', 'read_at')
  return rows.map((row) => (row.read_at === null ? null : new Date(row.read_at).toISOString()))
}

test.group('Notifications / mark read', () => {
  test('POST /me/notifications/:id/read marks one read and returns it; again is 200 and keeps read_at', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const [first, second] = await seed(user, 2)

    const response = await client.post(`/api/v1/me/notifications/${first.id}/read`).loginAs(user)
    response.assertStatus(200)
    const body = response.body()
    assert.deepEqual(Object.keys(body).sort(), ['created_at', 'data', 'id', 'image', 'message', 'movie_id', 'read', 'read_at', 'title', 'type'])
    assert.containSubset(body, { id: first.id, type: 'system_update', title: 'Notice 0', read: true, data: { n: 0 } })
    assert.isString(body.read_at)
    const [stored, untouched] = await readAt([first.id, second.id])
    assert.equal(stored, body.read_at)
    assert.isNull(untouched)

    const listed = await listNotifications(client, user)
    assert.equal(listed.meta.unread_count, 1)
    assert.deepEqual(listed.data.map((item) => [item.id, item.read]), [[second.id, false], [first.id, true]])
    const unread = await listNotifications(client, user, { unread_only: true })
    assert.deepEqual(unread.data.map((item) => item.id), [second.id])

    const again = await client.post(`/api/v1/me/notifications/${first.id}/read`).loginAs(user)
    again.assertStatus(200)
    assert.equal(again.body().read_at, body.read_at)
  })

  test('another user’s or an unknown id is 404 and changes nothing; no token is 401', async ({ client, assert }) => {
    const [owner, other] = await UserFactory.createMany(2)
    const [mine] = await seed(owner, 1)
    assertError(assert, await client.post(`/api/v1/me/notifications/${mine.id}/read`).loginAs(other), 404, 'E_NOT_FOUND')
    assertError(assert, await client.post('/api/v1/me/notifications/999999/read').loginAs(owner), 404, 'E_NOT_FOUND')
    assertError(assert, await client.post('/api/v1/me/notifications/99999999999999999999/read').loginAs(owner), 404, 'E_NOT_FOUND')
    assertError(assert, await client.post('/api/v1/me/notifications/abc/read').loginAs(owner), 404, 'E_NOT_FOUND')
    assertError(assert, await client.post(`/api/v1/me/notifications/${mine.id}/read`), 401, 'E_UNAUTHORIZED')
    assert.deepEqual(await readAt([mine.id]), [null])
  })

  test('POST /me/notifications/read marks many ({ids}, others’ ignored) or all ({all: true})', async ({ client, assert }) => {
    const [user, other] = await UserFactory.createMany(2)
    const mine = await seed(user, 3)
    const [theirs] = await seed(other, 1)

    const some = await client.post('/api/v1/me/notifications/read').json({ ids: [mine[0].id, mine[1].id, theirs.id] }).loginAs(user)
    some.assertStatus(200)
    assert.deepEqual(some.body(), { updated: 2 })
    assert.deepEqual((await readAt(mine.map((n) => n.id))).map((value) => value !== null), [true, true, false])
    assert.deepEqual(await readAt([theirs.id]), [null])

    const all = await client.post('/api/v1/me/notifications/read').json({ all: true }).loginAs(user)
    assert.deepEqual(all.body(), { updated: 1 })
    assert.equal((await listNotifications(client, user)).meta.unread_count, 0)
    assert.equal((await listNotifications(client, other)).meta.unread_count, 1)
  })

  test('bad bodies are 422 in the envelope and mark nothing', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const mine = await seed(user, 2)
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'ids'],
      [{ ids: ['x'] }, 'ids.0'],
      [{ ids: [0] }, 'ids.0'],
      [{ ids: [1.5] }, 'ids.0'],
      [{ ids: 'all' }, 'ids'],
      [{ all: 'yes please' }, 'all'],
    ]
    for (const [body, field] of cases) {
      assertValidation(assert, await client.post('/api/v1/me/notifications/read').json(body).loginAs(user), field)
    }
    assert.deepEqual(await readAt(mine.map((n) => n.id)), [null, null])
    assert.equal((await listNotifications(client, user)).meta.unread_count, 2)
  })
})
