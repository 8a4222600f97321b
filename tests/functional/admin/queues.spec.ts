import { test } from '@japa/runner'
import queue from '#jobs/queue/queue'
import { registerSchedules } from '#jobs/queue/schedules'
import AuditLog from '#models/audit_log'
import { createStaff, failedJob } from '#tests/support/admin'

test.group('Admin / queues', (group) => {
  group.each.setup(async () => {
    for (const name of queue.names) await queue.queue(name).obliterate({ force: true })
  })
  // Obliterating took the schedules with the jobs; put them back as queue:work keeps them.
  group.teardown(() => registerSchedules())

  test('shows per-queue counts and failed jobs with their error and attempts', async ({ client, assert }) => {
    const moderator = await createStaff()
    const job = await failedJob()
    const index = await client.get('/admin/queues').withGuard('web').loginAs(moderator)
    index.assertStatus(200)
    assert.match(index.text(), /href="\/admin\/queues\/imports">imports<\/a><\/td>\s*<td>0<\/td><td>0<\/td><td>0<\/td><td>1<\/td>/)

    const failed = await client.get('/admin/queues/imports').withGuard('web').loginAs(moderator)
    failed.assertStatus(200)
    assert.include(failed.text(), `id="job-${job.id}"`)
    assert.include(failed.text(), job.failedReason.replaceAll('"', '&quot;'))
    assert.include(failed.text(), '1 / 1')
    ;(await client.get('/admin/queues/nope').withGuard('web').loginAs(moderator)).assertStatus(404)
  })

  test('retries one failed job, then all of them', async ({ client, assert }) => {
    const moderator = await createStaff()
    const imports = queue.queue('imports')
    const first = await failedJob()
    const second = await failedJob()
    // Paused, the retried jobs stay put where the test can see them.
    await imports.pause()
    try {
      const one = await client
        .post('/admin/queues/imports/retry')
        .withGuard('web')
        .loginAs(moderator)
        .withCsrfToken()
        .form({ job_id: first.id })
        .redirects(0)
      one.assertStatus(302)
      assert.equal(one.header('location'), '/admin/queues/imports')
      assert.equal(await (await imports.getJob(first.id!))!.getState(), 'waiting')
      assert.isTrue(await (await imports.getJob(second.id!))!.isFailed())

      const all = await client
        .post('/admin/queues/imports/retry')
        .withGuard('web')
        .loginAs(moderator)
        .withCsrfToken()
        .redirects(0)
      all.assertStatus(302)
      assert.equal(all.flashMessages().success, '1 failed job(s) queued again.')
      assert.equal(await imports.getFailedCount(), 0)
      assert.sameMembers(
        (await AuditLog.all()).map((entry) => entry.action),
        ['job.retry', 'job.retry_all']
      )
    } finally {
      await imports.resume()
    }
  })

  test('triggers a TMDB sync and a retraining; needs a CSRF token', async ({ client, assert }) => {
    const moderator = await createStaff()
    const noToken = await client.post('/admin/queues/trigger').withGuard('web').loginAs(moderator).form({ task: 'retrain' })
    noToken.assertStatus(403)

    await queue.queue('ml').pause()
    await queue.queue('metadata').pause()
    try {
      for (const form of [{ task: 'retrain' }, { task: 'tmdb_sync', hours: '12' }]) {
        const response = await client
          .post('/admin/queues/trigger')
          .withGuard('web')
          .loginAs(moderator)
          .withCsrfToken()
          .form(form)
          .redirects(0)
        response.assertStatus(302)
      }
      assert.exists(await queue.queue('ml').getJob('train-recommender'))
      assert.exists(await queue.queue('metadata').getJob('sync-changes-12h'))
      assert.sameMembers(
        (await AuditLog.all()).map((entry) => entry.action),
        ['job.trigger.retrain', 'job.trigger.tmdb_sync']
      )
    } finally {
      // Nothing to train on or sync here: drop the jobs instead of letting them fail.
      await queue.queue('ml').obliterate({ force: true })
      await queue.queue('metadata').obliterate({ force: true })
      await queue.queue('ml').resume()
      await queue.queue('metadata').resume()
    }
  })
})
