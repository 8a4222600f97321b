/*
| GET/PATCH /me/notification-settings and the gate behind them: every type
| (NOTIFICATION_TYPES) with its in_app and email channels, partial updates
| that persist as overrides, 422s that change nothing, and a type switched
| off in-app that creates no row and pushes nothing, whichever writer (the
| friend-request job, the broadcast fan-out) would have created it.
*/

import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#factories/user_factory'
import type User from '#models/user'
import { fanOutBroadcast } from '#services/admin/broadcast_fan_out'
import NotificationService from '#services/notifications/notification_service'
import { NOTIFICATION_TYPES } from '#transformers/notification_transformer'
import { accessTokenFor } from '#tests/support/auth'
import { SseClients, type PushPayload, type SseEvent } from '#tests/support/sse_client'
import { eventually } from '../social/helpers.js'
import { assertError, assertValidation, countRows, notificationRows, waitForQueues } from './helpers.js'

type Settings = Record<string, { in_app: boolean; email: boolean }>

const URL = '/api/v1/me/notification-settings'
/** The contract's email-by-default types; `availability` only once that type exists. */
const EMAIL_BY_DEFAULT = ['friend_request', 'availability']

async function settingsOf(client: ApiClient, user: User): Promise<Settings> {
  const response = await client.get(URL).loginAs(user)
  response.assertStatus(200)
  return response.body()
}

function defaults(): Settings {
  return Object.fromEntries(NOTIFICATION_TYPES.map((type) => [type, { in_app: true, email: EMAIL_BY_DEFAULT.includes(type) }]))
}

async function overrideRows(user: User) {
  return db.from('notification_settings').where('user_id', user.id).orderBy('type').select('type', 'in_app', 'email')
}

test.group('Notifications / settings', (group) => {
  const streams = new SseClients()
  group.each.teardown(() => streams.closeAll())

  test('a new user gets every notification type with the defaults, and nothing is stored', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const settings = await settingsOf(client, user)
    assert.deepEqual(Object.keys(settings), [...NOTIFICATION_TYPES])
    assert.deepEqual(settings, defaults())
    // Spelled out for the types every build has.
    assert.deepEqual(settings.friend_request, { in_app: true, email: true })
    assert.deepEqual(settings.chat_message, { in_app: true, email: false })
    assert.deepEqual(settings.system_update, { in_app: true, email: false })
    if ('availability' in settings) assert.deepEqual(settings.availability, { in_app: true, email: true })
    assert.equal(await countRows('notification_settings'), 0)
  })

  test('PATCH changes only what it names, answers with every type, persists, and stores only overrides', async ({ client, assert }) => {
    const [user, other] = await UserFactory.createMany(2)
    // Read first: the cached settings must not outlive the change.
    assert.deepEqual(await settingsOf(client, user), defaults())

    const response = await client
      .patch(URL)
      .json({ friend_request: { email: false }, chat_message: { in_app: false } })
      .loginAs(user)
    response.assertStatus(200)
    const expected = defaults()
    expected.friend_request = { in_app: true, email: false }
    expected.chat_message = { in_app: false, email: false }
    assert.deepEqual(response.body(), expected)
    assert.deepEqual(await settingsOf(client, user), expected)
    assert.deepEqual(await overrideRows(user), [
      { type: 'chat_message', in_app: false, email: null },
      { type: 'friend_request', in_app: null, email: false },
    ])

    // A second partial change keeps the first.
    const second = await client.patch(URL).json({ chat_message: { email: true } }).loginAs(user)
    second.assertStatus(200)
    expected.chat_message = { in_app: false, email: true }
    assert.deepEqual(second.body(), expected)
    assert.deepEqual(await settingsOf(client, user), expected)

    // Back to the default: the override row goes; an empty body changes nothing.
    const reset = await client.patch(URL).json({ friend_request: { email: true } }).loginAs(user)
    reset.assertStatus(200)
    expected.friend_request = { in_app: true, email: true }
    assert.deepEqual(reset.body(), expected)
    assert.deepEqual(await overrideRows(user), [{ type: 'chat_message', in_app: false, email: true }])
    const empty = await client.patch(URL).json({}).loginAs(user)
    empty.assertStatus(200)
    assert.deepEqual(empty.body(), expected)

    // Per user: the other account still has the defaults on the same URL.
    assert.deepEqual(await settingsOf(client, other), defaults())
    assert.deepEqual(await overrideRows(other), [])
  })

  test('an unknown type or channel, or a value that is no boolean, is 422 naming the field and changes nothing', async ({ client, assert }) => {
    const user = await UserFactory.create()
    ;(await client.patch(URL).json({ system_update: { in_app: false } }).loginAs(user)).assertStatus(200)
    const before = await settingsOf(client, user)
    const rowsBefore = await overrideRows(user)

    const cases: [Record<string, unknown>, string][] = [
      [{ friend_request: { email: 'yes' } }, 'friend_request.email'],
      [{ friend_request: { email: 1 } }, 'friend_request.email'],
      [{ chat_message: { in_app: 'false' } }, 'chat_message.in_app'],
      [{ chat_message: { in_app: null } }, 'chat_message.in_app'],
      [{ carrier_pigeon: { email: true } }, 'carrier_pigeon'],
      [{ friend_request: { push: true } }, 'friend_request.push'],
      [{ friend_request: true }, 'friend_request'],
      [{ friend_request: null }, 'friend_request'],
      // A valid change next to a bad one: neither is applied.
      [{ system_update: { in_app: true }, comment_reply: { email: 'on' } }, 'comment_reply.email'],
    ]
    for (const [body, field] of cases) {
      assertValidation(assert, await client.patch(URL).json(body).loginAs(user), field)
    }
    assert.deepEqual(await settingsOf(client, user), before)
    assert.deepEqual(await overrideRows(user), rowsBefore)
    assert.deepEqual(before.system_update, { in_app: false, email: false })
  })

  test('without a token both are 401', async ({ client, assert }) => {
    assertError(assert, await client.get(URL), 401, 'E_UNAUTHORIZED')
    assertError(assert, await client.patch(URL).json({ friend_request: { in_app: false } }), 401, 'E_UNAUTHORIZED')
    assert.equal(await countRows('notification_settings'), 0)
  })

  test('friend_request off in-app: the request still works, the recipient gets no row and no push; others are unaffected', async ({
    client,
    assert,
  }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    ;(await client.patch(URL).json({ friend_request: { in_app: false } }).loginAs(bob)).assertStatus(200)

    const isNotification = (event: SseEvent<PushPayload>) => event.payload.type === 'notification'
    const bobStream = await streams.open()
    const carolStream = await streams.open()
    assert.equal(await bobStream.subscribe(`users/${bob.id}/notifications`, { token: await accessTokenFor(bob) }), 204)
    assert.equal(await carolStream.subscribe(`users/${carol.id}/notifications`, { token: await accessTokenFor(carol) }), 204)

    const toBob = await client.post(`/api/v1/users/${bob.id}/friend-request`).loginAs(alice)
    toBob.assertStatus(201)
    const toCarol = await client.post(`/api/v1/users/${carol.id}/friend-request`).loginAs(alice)
    toCarol.assertStatus(201)
    await waitForQueues(['notifications'])

    // Carol (defaults) is told, live and in her inbox.
    await carolStream.waitFor(isNotification)
    const carolRows = await db.from('notifications').where('user_id', carol.id)
    assert.lengthOf(carolRows, 1)
    assert.equal(carolRows[0].type, 'friend_request')
    assert.equal(carolRows[0].data.request_id, toCarol.body().id)
    // Bob: the request is there to accept, but no notification was stored or pushed.
    assert.equal(await countRows('notifications', { user_id: bob.id }), 0)
    assert.isEmpty((bobStream.events as SseEvent<PushPayload>[]).filter(isNotification))
    const incoming = await client.get('/api/v1/me/friend-requests').loginAs(bob)
    assert.deepEqual(incoming.body().data.map((request: { id: number }) => request.id), [toBob.body().id])

    // Only friend_request is off for Bob: accepting still tells Alice, and Bob's other types reach him.
    ;(await client.post(`/api/v1/me/friend-requests/${toBob.body().id}/accept`).loginAs(bob)).assertStatus(200)
    const accepted = await eventually(() => db.from('notifications').where({ user_id: alice.id, type: 'friend_accepted' }).first())
    assert.equal(accepted.data.user.id, bob.id)
    const notifications = await app.container.make(NotificationService)
    const created = await notifications.create({ userId: bob.id, type: 'system_update', title: 'Hello', message: 'still on' })
    assert.isNotNull(created)
    await bobStream.waitFor((event: SseEvent<PushPayload>) => isNotification(event) && (event.payload.data as { id: number }).id === created!.id)
    assert.deepEqual((await notificationRows()).filter((row) => row.user_id === bob.id).map((row) => row.type), ['system_update'])
  })

  test('the broadcast fan-out skips users who switched system_update off in-app, and only them', async ({ client, assert }) => {
    const [quiet, loud, other] = await UserFactory.createMany(3)
    ;(await client.patch(URL).json({ system_update: { in_app: false } }).loginAs(quiet)).assertStatus(200)
    ;(await client.patch(URL).json({ friend_request: { in_app: false } }).loginAs(loud)).assertStatus(200)

    const notifications = await app.container.make(NotificationService)
    await fanOutBroadcast(notifications, 77, 'Maintenance', 'Down at 2am')
    const rows = await notificationRows('system_update')
    assert.sameMembers(
      rows.map((row) => row.user_id),
      [loud.id, other.id]
    )
    assert.equal(await countRows('notifications', { user_id: quiet.id }), 0)

    // Switched back on, the next broadcast reaches them again.
    ;(await client.patch(URL).json({ system_update: { in_app: true } }).loginAs(quiet)).assertStatus(200)
    await fanOutBroadcast(notifications, 78, 'Back', 'Up again')
    assert.equal(await countRows('notifications', { user_id: quiet.id, type: 'system_update' }), 1)
  })
})
