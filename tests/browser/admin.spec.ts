import { test } from '@japa/runner'
import type { TestContext } from '@japa/runner/core'
import db from '@adonisjs/lucid/services/db'
import app from '@adonisjs/core/services/app'
import queue from '#jobs/queue/queue'
import Report from '#models/report'
import AuditLog from '#models/audit_log'
import type User from '#models/user'
import { PASSWORD } from '#tests/support/auth'
import { createStaff, failedJob, reportedReview } from '#tests/support/admin'

const screenshots = (name: string) => app.makePath('tests', 'browser', '__screenshots__', name)

type Visit = TestContext['visit']

/** Signs in through the real login form. */
async function signIn(visit: Visit, user: User) {
  const page = await visit('/admin/login')
  await page.getByLabel('Username or email').fill(user.username)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL((url) => url.pathname !== '/admin/login')
  return page
}

test.group('Admin panel in Chromium', () => {
  test('a moderator logs in and sees the dashboard', async ({ visit, assert }) => {
    const moderator = await createStaff()
    await reportedReview('a review worth a look')

    const anonymous = await visit('/admin/reports')
    await anonymous.assertPath('/admin/login')

    // Back to the page asked for before the sign-in, then to the dashboard.
    const page = await signIn(visit, moderator)
    await page.assertPath('/admin/reports')
    await page.getByRole('link', { name: 'Dashboard' }).click()
    await page.assertPath('/admin')
    await page.assertTextContains('h1', 'Dashboard')
    await page.assertTextContains('#count-reports', '1')
    await page.assertExists('svg.chart')
    assert.include(await page.locator('.who').innerText(), moderator.username)
    await page.screenshot({ path: screenshots('dashboard.png'), fullPage: true })
  })

  test('hides a reported review from the moderation queue', async ({ visit, assert }) => {
    const moderator = await createStaff()
    const { review, report } = await reportedReview('<script>window.pwned = true</script> spoilers ahead')
    const page = await signIn(visit, moderator)

    await page.getByRole('link', { name: 'Moderation' }).click()
    await page.assertPath('/admin/reports')
    const group = page.locator(`#report-review-${review.id}`)
    // Escaped: the script is shown as text, never run.
    await page.assertTextContains(`#report-review-${review.id} .content`, '<script>window.pwned = true</script>')
    assert.isUndefined(await page.evaluate('window.pwned'))
    await page.screenshot({ path: screenshots('moderation_queue.png'), fullPage: true })

    await group.getByRole('button', { name: 'Hide' }).click()
    await page.assertPath('/admin/reports')
    await page.assertTextContains('.flash.success', `Done: hide on review #${review.id}.`)
    await page.assertTextContains('main', 'No open reports.')

    assert.isNotNull((await db.from('ratings').where('id', review.id).first()).hidden_at)
    assert.equal((await Report.findOrFail(report.id)).status, 'actioned')
    assert.exists(await AuditLog.findBy('action', 'report.hide'))
  })

  test('retries a failed job from the queue page', async ({ visit, assert }) => {
    const moderator = await createStaff()
    const imports = queue.queue('imports')
    await imports.obliterate({ force: true })
    const job = await failedJob('imports')
    await imports.pause()
    try {
      const page = await signIn(visit, moderator)
      await page.getByRole('link', { name: 'Queues' }).click()
      await page.getByRole('link', { name: 'imports' }).first().click()
      await page.assertPath('/admin/queues/imports')
      await page.assertTextContains(`#job-${job.id}`, 'Unknown job')

      await page.locator(`#job-${job.id}`).getByRole('button', { name: 'Retry' }).click()
      await page.assertTextContains('.flash.success', `Job ${job.id} is queued again.`)
      await page.assertTextContains('main', 'No failed jobs.')
      assert.equal(await (await imports.getJob(job.id!))!.getState(), 'waiting')
      assert.exists(await AuditLog.findBy('action', 'job.retry'))
    } finally {
      await imports.obliterate({ force: true })
      await imports.resume()
    }
  })
})
