import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { UserFactory } from '#factories/user_factory'
import BroadcastNotificationJob from '#jobs/broadcast_notification_job'
import { countRows, jobResult, listNotifications, notificationRows } from './helpers.js'

async function runBroadcast(broadcastId: number) {
  const job = await BroadcastNotificationJob.dispatch({ broadcastId, title: 'Maintenance', body: 'Down at 2am' })
  return jobResult<{ notified: number }>(job)
}

test.group('Notifications / system_update broadcast', () => {
  test('the broadcast job writes one system_update per active account through the notification service, once', async ({ client, assert }) => {
    const members = await UserFactory.createMany(3)
    const suspended = await UserFactory.merge({ suspendedAt: DateTime.now() }).create()
    const placeholder = await UserFactory.merge({ isPlaceholder: true }).create()

    assert.deepEqual(await runBroadcast(41), { notified: 3 })
    const rows = await notificationRows('system_update')
    assert.sameMembers(rows.map((row) => row.user_id), members.map((member) => member.id))
    assert.notIncludeMembers(rows.map((row) => row.user_id), [suspended.id, placeholder.id])

    const listed = await listNotifications(client, members[0])
    assert.lengthOf(listed.data, 1)
    assert.containSubset(listed.data[0], {
      type: 'system_update',
      title: 'Maintenance',
      message: 'Down at 2am',
      read: false,
      movie_id: null,
      image: null,
      data: { broadcast_id: 41 },
    })
    assert.equal(listed.meta.unread_count, 1)

    // A retried job notifies nobody twice; another broadcast is new.
    assert.deepEqual(await runBroadcast(41), { notified: 0 })
    assert.equal(await countRows('notifications'), 3)
    assert.deepEqual(await runBroadcast(42), { notified: 3 })
    assert.equal(await countRows('notifications'), 6)
  })
})
