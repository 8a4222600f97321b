import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { UserFactory } from '#factories/user_factory'
import queue from '#jobs/queue/queue'
import { registerSchedules } from '#jobs/queue/schedules'
import RecommendationDigestJob from '#jobs/recommendation_digest_job'
import { digestWeek, DIGEST_ACTIVE_DAYS } from '#services/notifications/recommendation_digest'
import { forgetModel, rate, seedWorld, train } from '#tests/functional/recommendations/world'
import { countRows, jobResult, listNotifications, notificationRows, waitForQueues } from './helpers.js'

async function runDigest(week?: string) {
  const job = await RecommendationDigestJob.dispatch(week ? { week } : {})
  return jobResult<{ notified: number }>(job)
}

test.group('Notifications / weekly movie_recommendation digest', (group) => {
  group.each.setup(() => forgetModel())
  group.teardown(() => forgetModel())

  test('each user who rated lately gets one notification with their top 3 for_you picks; the others nothing', async ({
    client,
    assert,
  }) => {
    const world = await seedWorld()
    await train()
    const [scifiFan, romanceFan, lapsed, silent] = await UserFactory.createMany(4)
    const suspended = await UserFactory.merge({ suspendedAt: DateTime.now() }).create()
    await rate(scifiFan, world.scifi[0], 5, 2)
    await rate(scifiFan, world.scifi[1], 5, 1)
    await rate(romanceFan, world.romance[0], 5, 3)
    await rate(lapsed, world.scifi[0], 5, DIGEST_ACTIVE_DAYS + 5)
    await rate(suspended, world.scifi[0], 5, 1)

    const result = await runDigest()
    assert.deepEqual(result, { notified: 2 })
    const week = digestWeek()

    for (const user of [scifiFan, romanceFan]) {
      const picks = await client.get('/api/v1/me/recommendations').qs({ model: 'for_you', limit: 3 }).loginAs(user)
      picks.assertStatus(200)
      const movies: { id: number; title: string; poster_url: string | null }[] = picks.body().data.map((item: { movie: unknown }) => item.movie)
      assert.lengthOf(movies, 3)

      const listed = await listNotifications(client, user)
      assert.lengthOf(listed.data, 1)
      assert.equal(listed.meta.unread_count, 1)
      assert.containSubset(listed.data[0], {
        type: 'movie_recommendation',
        title: 'Your picks of the week',
        message: `Picked for you this week: ${movies[0].title}, ${movies[1].title} and ${movies[2].title}`,
        movie_id: movies[0].id,
        image: movies[0].poster_url,
        read: false,
      })
      assert.deepEqual(listed.data[0].data, { movie_ids: movies.map((movie) => movie.id), week })
    }
    // The science-fiction fan's picks are science fiction they have not rated.
    const [fanRow] = await notificationRows('movie_recommendation').then((rows) => rows.filter((row) => row.user_id === scifiFan.id))
    assert.include(fanRow.data.movie_ids, world.scifi[2].id)
    assert.notInclude(fanRow.data.movie_ids, world.scifi[0].id)
    assert.notInclude(fanRow.data.movie_ids, world.adult.id)

    for (const user of [lapsed, silent]) assert.lengthOf((await listNotifications(client, user)).data, 0)
    assert.equal(await countRows('notifications', { user_id: suspended.id }), 0)
    // MovieLens placeholders rated too, long ago: never notified.
    assert.sameMembers((await notificationRows()).map((row) => row.user_id), [scifiFan.id, romanceFan.id])

    // The same week again (a retry, a second worker): nobody is told twice.
    assert.deepEqual(await runDigest(week), { notified: 0 })
    assert.equal(await countRows('notifications'), 2)
    // Another week is a new digest.
    assert.deepEqual(await runDigest('2031-W01'), { notified: 2 })
    assert.equal(await countRows('notifications', { user_id: scifiFan.id }), 2)
    await waitForQueues(['notifications'])
  })

  test('the digest is a weekly UTC job scheduler on the notifications queue', async ({ assert }) => {
    const notifications = queue.queue('notifications')
    try {
      await registerSchedules()
      const scheduler = (await notifications.getJobSchedulers()).find((entry) => entry.key === 'recommendation-digest-weekly')
      assert.exists(scheduler)
      assert.equal(scheduler!.name, 'recommendation-digest')
      assert.equal(scheduler!.pattern, '0 9 * * 1')
      assert.equal(scheduler!.tz, 'UTC')
    } finally {
      // Registered as the suite keeps them (/health checks them), without their next runs.
      await registerSchedules()
      for (const name of queue.names) await queue.queue(name).drain(true)
    }
  })
})
