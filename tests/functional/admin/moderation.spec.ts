import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import AuditLog from '#models/audit_log'
import Report from '#models/report'
import Rating from '#models/rating'
import User from '#models/user'
import Comment from '#models/comment'
import { UserFactory } from '#factories/user_factory'
import { MovieFactory } from '#factories/movie_factory'
import { createStaff, fileReport, reportedReview } from '#tests/support/admin'

const XSS = '<script>alert("owned")</script> terrible film'

test.group('Admin / moderation queue', () => {
  test('lists open reports grouped by target, content in context and escaped', async ({ client, assert }) => {
    const moderator = await createStaff()
    const { review, movie, author } = await reportedReview(XSS)
    // A second reporter of the same review joins the same group.
    await fileReport(await UserFactory.create(), 'review', review.id, author.id, XSS, 'spam')
    const other = await reportedReview('plain spoiler', 'spoilers')

    const response = await client.get('/admin/reports').withGuard('web').loginAs(moderator)
    response.assertStatus(200)
    const html = response.text()
    assert.notInclude(html, '<script>alert')
    assert.include(html, '&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt; terrible film')
    assert.include(html, `id="report-review-${review.id}"`)
    assert.include(html, `id="report-review-${other.review.id}"`)
    assert.include(html, `Review of “${movie.title}”`)
    assert.include(html, '2 open report(s)')
    assert.include(html, author.username)
    assert.include(html, 'Page 1 of 1 (2 in all)')
  })

  test('hide keeps the review but hides it, resolves every report and audits', async ({ client, assert }) => {
    const moderator = await createStaff()
    const { review, report } = await reportedReview('spam spam')
    const response = await client
      .post('/admin/reports/resolve')
      .withGuard('web')
      .loginAs(moderator)
      .withCsrfToken()
      .form({ target_type: 'review', target_id: review.id, action: 'hide', note: 'spam' })
      .redirects(0)
    response.assertStatus(302)
    assert.equal(response.header('location'), '/admin/reports')
    const row = await db.from('ratings').where('id', review.id).first()
    assert.isNotNull(row.hidden_at)
    assert.equal(row.review, 'spam spam')
    await report.refresh()
    assert.equal(report.status, 'actioned')
    assert.equal(report.resolvedBy, moderator.id)
    const audit = await AuditLog.findByOrFail('action', 'report.hide')
    assert.equal(audit.actorId, moderator.id)
    assert.equal(audit.targetId, String(review.id))
    assert.deepEqual(audit.details.reports, [report.id])

    // The API stops showing the hidden review.
    const reviews = await client.get(`/api/v1/movies/${review.movieId}/reviews`)
    reviews.assertStatus(200)
    assert.notInclude(
      reviews.body().data.map((item: { id: number }) => item.id),
      review.id
    )
  })

  test('delete removes the review text, dismiss only closes the reports', async ({ client, assert }) => {
    const moderator = await createStaff()
    const first = await reportedReview('delete me')
    const second = await reportedReview('harmless')
    for (const [target, action] of [
      [first.review.id, 'delete'],
      [second.review.id, 'dismiss'],
    ] as const) {
      const response = await client
        .post('/admin/reports/resolve')
        .withGuard('web')
        .loginAs(moderator)
        .withCsrfToken()
        .form({ target_type: 'review', target_id: target, action })
        .redirects(0)
      response.assertStatus(302)
    }
    assert.isNull((await Rating.findOrFail(first.review.id)).review)
    assert.equal((await Rating.findOrFail(second.review.id)).review, 'harmless')
    assert.equal((await Report.findOrFail(first.report.id)).status, 'actioned')
    assert.equal((await Report.findOrFail(second.report.id)).status, 'dismissed')
    assert.sameMembers(
      (await AuditLog.all()).map((entry) => entry.action),
      ['report.delete', 'report.dismiss']
    )
  })

  test('suspend the author of a reported comment ends their sessions', async ({ client, assert }) => {
    const moderator = await createStaff()
    const author = await UserFactory.create()
    const movie = await MovieFactory.create()
    const comment = await Comment.create({ userId: author.id, movieId: movie.id, body: 'rude words' })
    const report = await fileReport(await UserFactory.create(), 'comment', comment.id, author.id, 'rude words')

    const response = await client
      .post('/admin/reports/resolve')
      .withGuard('web')
      .loginAs(moderator)
      .withCsrfToken()
      .form({ target_type: 'comment', target_id: comment.id, action: 'suspend_author' })
      .redirects(0)
    response.assertStatus(302)
    assert.isNotNull((await User.findOrFail(author.id)).suspendedAt)
    assert.equal((await Report.findOrFail(report.id)).status, 'actioned')
    assert.sameMembers(
      (await AuditLog.all()).map((entry) => entry.action),
      ['user.suspend', 'report.suspend_author']
    )
  })

  test('bad input is refused with inline errors and nothing changes', async ({ client, assert }) => {
    const moderator = await createStaff()
    const { review, report } = await reportedReview('text')
    const response = await client
      .post('/admin/reports/resolve')
      .withGuard('web')
      .loginAs(moderator)
      .header('referer', '/admin/reports')
      .withCsrfToken()
      .form({ target_type: 'review', target_id: review.id, action: 'obliterate' })
      .redirects(0)
    response.assertStatus(302)
    assert.equal(response.header('location'), '/admin/reports')
    assert.property(response.flashMessages().inputErrorsBag, 'action')
    assert.equal((await Report.findOrFail(report.id)).status, 'open')
    assert.lengthOf(await AuditLog.all(), 0)
  })

  test('needs a CSRF token and a moderator', async ({ client, assert }) => {
    const moderator = await createStaff()
    const user = await UserFactory.create()
    const { review, report } = await reportedReview('text')
    const form = { target_type: 'review', target_id: review.id, action: 'hide' }

    const noToken = await client.post('/admin/reports/resolve').withGuard('web').loginAs(moderator).form(form)
    noToken.assertStatus(403)
    const plainUser = await client
      .post('/admin/reports/resolve')
      .withGuard('web')
      .loginAs(user)
      .withCsrfToken()
      .form(form)
    plainUser.assertStatus(403)
    assert.equal((await Report.findOrFail(report.id)).status, 'open')
    assert.isNull((await db.from('ratings').where('id', review.id).first()).hidden_at)
  })
})
