/*
| The daily email digest: notifications of types with email on wait in
| notification_email_items; the daily job queues one digest job per user on
| the mail queue, which mails them (real SMTP, the test sink) in one
| message and records the UTC day, so a second email-worthy event the same
| day is held for the next day's digest instead of a second mail.
*/

import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { DateTime } from 'luxon'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#factories/user_factory'
import type User from '#models/user'
import queue from '#jobs/queue/queue'
import { registerSchedules } from '#jobs/queue/schedules'
import NotificationDigestsJob from '#jobs/notification_digests_job'
import SendNotificationDigestJob from '#jobs/send_notification_digest_job'
import { fanOutBroadcast } from '#services/admin/broadcast_fan_out'
import { digestDay } from '#services/notifications/notification_digest'
import NotificationService from '#services/notifications/notification_service'
import { smtpSink } from '#tests/support/smtp_sink'
import { directRoom, say } from '#tests/functional/chat/helpers'
import { countRows, jobResult, makeFriends, waitForQueues } from './helpers.js'

const SUBJECT = /Marquee notification/

/** An account with a verified address (digests go to verified addresses only). */
function verifiedUsers(count: number) {
  return UserFactory.merge({ emailVerifiedAt: DateTime.utc() }).createMany(count)
}

/** `from` asks `to` to be friends; resolves once the notification job ran. */
async function sendFriendRequest(client: ApiClient, from: User, to: User) {
  const response = await client.post(`/api/v1/users/${to.id}/friend-request`).loginAs(from)
  response.assertStatus(201)
  await waitForQueues(['notifications'])
  return response.body() as { id: number }
}

/** The daily run, as the scheduler starts it, and the digest jobs it queued. */
async function runDailyDigests() {
  const job = await NotificationDigestsJob.dispatch({})
  const result = await jobResult<{ queued: number; purged: number }>(job)
  await waitForQueues(['mail'])
  return result
}

test.group('Notifications / email digest', () => {
  test('friend requests (email on by default) arrive as one digest mail listing them; the day is recorded', async ({ client, assert }) => {
    const [alice, carol, bob] = await verifiedUsers(3)
    await sendFriendRequest(client, alice, bob)
    await sendFriendRequest(client, carol, bob)
    // The inbox rows are the notifications the mail must list.
    const inbox = await db.from('notifications').where('user_id', bob.id).orderBy('id')
    assert.lengthOf(inbox, 2)
    assert.equal(await countRows('notification_email_items', { user_id: bob.id }), 2)
    assert.lengthOf(smtpSink.messagesTo(bob.email!), 0)

    assert.deepEqual(await runDailyDigests(), { queued: 1, purged: 0 })
    const mail = await smtpSink.waitFor(bob.email!, { subject: SUBJECT })
    assert.equal(mail.subject, 'Your 2 Marquee notifications')
    for (const row of inbox) {
      assert.include(mail.text, `${row.title}: ${row.message}`)
      assert.include(mail.html, row.title)
    }
    assert.include(mail.text, alice.displayName!)
    assert.include(mail.text, carol.displayName!)

    const [digest] = await db.from('notification_digests').where('user_id', bob.id).select('item_count', db.raw('day::text AS day'))
    assert.equal(digest.item_count, 2)
    assert.equal(digest.day, digestDay())
    assert.equal(await countRows('notification_email_items'), 0)
    // Alice and Carol were told nothing by email (nothing happened to them).
    assert.lengthOf(smtpSink.messagesTo(alice.email!), 0)
    assert.lengthOf(smtpSink.messagesTo(carol.email!), 0)
  })

  test('a second email-worthy event the same day sends no second mail; it waits for the next day', async ({ client, assert }) => {
    const [alice, carol, bob] = await verifiedUsers(3)
    await sendFriendRequest(client, alice, bob)
    await runDailyDigests()
    await smtpSink.waitFor(bob.email!, { subject: SUBJECT })

    await sendFriendRequest(client, carol, bob)
    const [second] = await db.from('notifications').where({ user_id: bob.id }).orderBy('id', 'desc').limit(1)
    assert.equal(await countRows('notification_email_items', { user_id: bob.id }), 1)
    // The daily run again (a retry, a second worker): Bob already had today's digest.
    assert.deepEqual(await runDailyDigests(), { queued: 0, purged: 0 })
    // Even a digest job queued straight for him sends nothing today.
    const direct = await SendNotificationDigestJob.dispatch({ userId: bob.id }, { removeOnComplete: { age: 60 } })
    assert.deepEqual(await jobResult(direct), { sent: false, reason: 'already_sent_today' })
    await waitForQueues(['mail'])
    assert.lengthOf(smtpSink.messagesTo(bob.email!), 1)
    assert.equal(await countRows('notification_digests', { user_id: bob.id }), 1)
    assert.equal(await countRows('notification_email_items', { user_id: bob.id }), 1)

    // The next day (today's digest moved to yesterday): the held event goes out, alone.
    await db.from('notification_digests').where('user_id', bob.id).update({ day: DateTime.utc().minus({ days: 1 }).toISODate() })
    assert.deepEqual(await runDailyDigests(), { queued: 1, purged: 0 })
    const next = await smtpSink.waitFor(bob.email!, { subject: SUBJECT, index: 1 })
    assert.equal(next.subject, 'Your Marquee notification')
    assert.include(next.text, `${second.title}: ${second.message}`)
    assert.include(next.text, carol.displayName!)
    assert.notInclude(next.text, alice.displayName!)
    assert.equal(await countRows('notification_digests', { user_id: bob.id }), 2)
  })

  test('the settings decide what is mailed: email off is not, in-app off but email on still is', async ({ client, assert }) => {
    const [alice, mailOff, inAppOff, unverified] = [...(await verifiedUsers(3)), await UserFactory.create()]
    ;(await client.patch('/api/v1/me/notification-settings').json({ friend_request: { email: false } }).loginAs(mailOff)).assertStatus(200)
    ;(await client.patch('/api/v1/me/notification-settings').json({ friend_request: { in_app: false } }).loginAs(inAppOff)).assertStatus(200)
    for (const user of [mailOff, inAppOff, unverified]) await sendFriendRequest(client, alice, user)

    // Email off: a notification in the inbox, nothing queued for the mail.
    assert.equal(await countRows('notifications', { user_id: mailOff.id }), 1)
    assert.equal(await countRows('notification_email_items', { user_id: mailOff.id }), 0)
    // In-app off: no notification, but the event waits for the digest.
    assert.equal(await countRows('notifications', { user_id: inAppOff.id }), 0)
    assert.equal(await countRows('notification_email_items', { user_id: inAppOff.id }), 1)

    // A type that is not mailed by default (friend_accepted) queues nothing for Alice.
    const request = (await client.get('/api/v1/me/friend-requests').loginAs(mailOff)).body().data[0]
    ;(await client.post(`/api/v1/me/friend-requests/${request.id}/accept`).loginAs(mailOff)).assertStatus(200)
    await waitForQueues(['notifications'])
    assert.equal(await countRows('notifications', { user_id: alice.id, type: 'friend_accepted' }), 1)
    assert.equal(await countRows('notification_email_items', { user_id: alice.id }), 0)

    // Only the verified in-app-off user is mailed; the unverified address waits (and is purged after a week).
    assert.deepEqual(await runDailyDigests(), { queued: 1, purged: 0 })
    const mail = await smtpSink.waitFor(inAppOff.email!, { subject: SUBJECT })
    assert.include(mail.text, `New friend request: ${alice.displayName} sent you a friend request`)
    for (const user of [alice, mailOff, unverified]) assert.lengthOf(smtpSink.messagesTo(user.email!), 0)
    assert.equal(await countRows('notification_email_items', { user_id: unverified.id }), 1)
    await db.from('notification_email_items').where('user_id', unverified.id).update({ created_at: DateTime.utc().minus({ days: 8 }).toJSDate() })
    assert.deepEqual(await runDailyDigests(), { queued: 0, purged: 1 })
    assert.equal(await countRows('notification_email_items'), 0)
  })

  test('a conversation is listed once, as its latest notification reads, whether or not it is on in-app', async ({ client, assert }) => {
    const [alice, bob, carol] = await verifiedUsers(3)
    await makeFriends(alice, bob)
    await makeFriends(alice, carol)
    ;(await client.patch('/api/v1/me/notification-settings').json({ chat_message: { email: true } }).loginAs(bob)).assertStatus(200)
    ;(await client.patch('/api/v1/me/notification-settings').json({ chat_message: { email: true, in_app: false } }).loginAs(carol)).assertStatus(200)
    const toBob = await directRoom(client, alice, bob)
    const toCarol = await directRoom(client, alice, carol)
    for (const body of ['Seen Arrival?', 'The ending!', 'Call me']) {
      await say(client, alice, toBob, body)
      await say(client, alice, toCarol, body)
      await waitForQueues(['notifications'])
    }
    // Bob's inbox holds one notification for the conversation; the digest waits with that one entry.
    const [inbox] = await db.from('notifications').where({ user_id: bob.id, type: 'chat_message' })
    assert.equal(inbox.data.message_count, 3)
    assert.equal(await countRows('notification_email_items', { user_id: bob.id }), 1)
    assert.equal(await countRows('notifications', { user_id: carol.id }), 0)
    assert.equal(await countRows('notification_email_items', { user_id: carol.id }), 1)

    assert.deepEqual(await runDailyDigests(), { queued: 2, purged: 0 })
    const toBobMail = await smtpSink.waitFor(bob.email!, { subject: SUBJECT })
    assert.equal(toBobMail.subject, 'Your Marquee notification')
    assert.include(toBobMail.text, `${inbox.title}: ${inbox.message}`)
    assert.notInclude(toBobMail.text, 'Seen Arrival?')
    const toCarolMail = await smtpSink.waitFor(carol.email!, { subject: SUBJECT })
    assert.include(toCarolMail.text, `New message from ${alice.displayName}: Call me`)
    assert.notInclude(toCarolMail.text, 'The ending!')
  })

  test('a retried fan-out queues each entry once, for users with the type on in-app or not', async ({ client, assert }) => {
    const [quiet, loud, silent] = await verifiedUsers(3)
    ;(await client.patch('/api/v1/me/notification-settings').json({ system_update: { email: true, in_app: false } }).loginAs(quiet)).assertStatus(200)
    ;(await client.patch('/api/v1/me/notification-settings').json({ system_update: { email: true } }).loginAs(loud)).assertStatus(200)
    const notifications = await app.container.make(NotificationService)
    // The same broadcast twice (a retried job), then another one.
    await fanOutBroadcast(notifications, 5, 'Maintenance', 'Down at 2am')
    await fanOutBroadcast(notifications, 5, 'Maintenance', 'Down at 2am')
    await fanOutBroadcast(notifications, 6, 'Back', 'Up again')
    assert.equal(await countRows('notifications', { user_id: quiet.id }), 0)
    assert.equal(await countRows('notifications', { user_id: loud.id }), 2)
    assert.equal(await countRows('notifications', { user_id: silent.id }), 2)
    assert.equal(await countRows('notification_email_items', { user_id: quiet.id }), 2)
    assert.equal(await countRows('notification_email_items', { user_id: loud.id }), 2)
    assert.equal(await countRows('notification_email_items', { user_id: silent.id }), 0)

    assert.deepEqual(await runDailyDigests(), { queued: 2, purged: 0 })
    for (const user of [quiet, loud]) {
      const mail = await smtpSink.waitFor(user.email!, { subject: SUBJECT })
      assert.equal(mail.subject, 'Your 2 Marquee notifications')
      // Oldest first, each once.
      assert.match(mail.text, /- Maintenance: Down at 2am\s+- Back: Up again\s/)
    }
    assert.lengthOf(smtpSink.messagesTo(silent.email!), 0)
  })

  test('the daily run is a UTC job scheduler on the mail queue', async ({ assert }) => {
    const mail = queue.queue('mail')
    try {
      await registerSchedules()
      const scheduler = (await mail.getJobSchedulers()).find((entry) => entry.key === 'notification-digests-daily')
      assert.exists(scheduler)
      assert.equal(scheduler!.name, 'notification-digests')
      assert.equal(scheduler!.pattern, '0 8 * * *')
      assert.equal(scheduler!.tz, 'UTC')
    } finally {
      await registerSchedules()
      for (const name of queue.names) await queue.queue(name).drain(true)
    }
  })
})
