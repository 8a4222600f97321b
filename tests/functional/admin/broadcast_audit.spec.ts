import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import testUtils from '@adonisjs/core/services/test_utils'
import app from '@adonisjs/core/services/app'
import { DateTime } from 'luxon'
import AuditLog from '#models/audit_log'
import { UserFactory } from '#factories/user_factory'
import { createStaff } from '#tests/support/admin'
import AuditLogService from '#services/admin/audit_log_service'
import type User from '#models/user'
import type { ApiClient } from '@japa/api-client'

async function notificationsFor(title: string, expected: number) {
  for (let i = 0; i < 100; i++) {
    const rows = await db.from('notifications').where('title', title)
    if (rows.length >= expected) return rows
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return db.from('notifications').where('title', title)
}

/** Submits the broadcast form as a browser would (CSRF token, referer of the form), without following the redirect. */
function postFromForm(client: ApiClient, admin: User, form: { title: string; body: string }) {
  return client
    .post('/admin/broadcast')
    .withGuard('web')
    .loginAs(admin)
    .header('referer', '/admin/broadcast')
    .withCsrfToken()
    .form(form)
    .redirects(0)
}

test.group('Admin / broadcast', () => {
  test('fans a system_update notification out to every active account', async ({ client, assert }) => {
    const admin = await createStaff('admin')
    const members = await UserFactory.createMany(3)
    const suspended = await UserFactory.merge({ suspendedAt: DateTime.now() }).create()

    const form = await client.get('/admin/broadcast').withGuard('web').loginAs(admin)
    form.assertStatus(200)
    const response = await client
      .post('/admin/broadcast')
      .withGuard('web')
      .loginAs(admin)
      .withCsrfToken()
      .form({ title: 'Maintenance tonight', body: 'We will be down <10 minutes.' })
      .redirects(0)
    response.assertStatus(302)
    assert.match(String(response.flashMessages().success), /Broadcast queued/)

    const rows = await notificationsFor('Maintenance tonight', 4)
    assert.sameMembers(
      rows.map((row) => row.user_id),
      [admin.id, ...members.map((m) => m.id)]
    )
    assert.notInclude(rows.map((row) => row.user_id), suspended.id)
    assert.isTrue(rows.every((row) => row.type === 'system_update' && row.message === 'We will be down <10 minutes.'))
    const audit = await AuditLog.findByOrFail('action', 'broadcast.send')
    assert.equal(rows[0].data.broadcast_id, audit.id)
  })

  test('validates inline and needs a CSRF token', async ({ client, assert }) => {
    const admin = await createStaff('admin')
    const invalid = await postFromForm(client, admin, { title: '', body: 'x' })
    invalid.assertStatus(302)
    assert.properties(invalid.flashMessages().inputErrorsBag, ['title', 'body'])
    const noToken = await client
      .post('/admin/broadcast')
      .withGuard('web')
      .loginAs(admin)
      .form({ title: 'Valid title', body: 'Valid body' })
    noToken.assertStatus(403)
    assert.lengthOf(await db.from('notifications'), 0)
    assert.lengthOf(await AuditLog.all(), 0)
  })
})

test.group('Admin / audit log', () => {
  test('is filterable and paginated, details escaped', async ({ client, assert }) => {
    const moderator = await createStaff()
    const other = await createStaff()
    const auditLog = await app.container.make(AuditLogService)
    for (let i = 0; i < 30; i++) {
      await auditLog.record(moderator, { action: 'movie.hide', targetType: 'movie', targetId: i })
    }
    await auditLog.record(other, {
      action: 'user.suspend',
      targetType: 'user',
      targetId: 7,
      details: { reason: '<img src=x onerror=alert(1)>' },
    })

    const first = await client.get('/admin/audit').withGuard('web').loginAs(moderator)
    first.assertStatus(200)
    assert.include(first.text(), 'Page 1 of 2 (31 in all)')
    assert.notInclude(first.text(), '<img src=x')
    assert.include(first.text(), '&lt;img src=x onerror=alert(1)&gt;')

    const filtered = await client
      .get('/admin/audit')
      .qs({ action: 'user.suspend', actor: other.username })
      .withGuard('web')
      .loginAs(moderator)
    assert.include(filtered.text(), '(1 in all)')
    const byTarget = await client
      .get('/admin/audit')
      .qs({ target_type: 'movie', target_id: '3' })
      .withGuard('web')
      .loginAs(moderator)
    assert.include(byTarget.text(), '(1 in all)')
  })

  test('is append-only in the database', async ({ assert }) => {
    const moderator = await createStaff()
    const auditLog = await app.container.make(AuditLogService)
    const entry = await auditLog.record(moderator, { action: 'movie.hide', targetType: 'movie', targetId: 1 })
    await assert.rejects(() => db.from('audit_logs').where('id', entry.id).update({ action: 'forged' }), /append-only/)
    await assert.rejects(() => db.from('audit_logs').where('id', entry.id).delete(), /append-only/)
    assert.equal((await AuditLog.findOrFail(entry.id)).action, 'movie.hide')
  })

  test('plain users cannot read it', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const response = await client.get('/admin/audit').withGuard('web').loginAs(user)
    response.assertStatus(403)
    assert.include(response.header('content-type'), 'text/html')
  })
})

test.group('Admin / failed forms and the session cookie', () => {
  test('the field components re-fill flashed input escaped and show its errors under the field', async ({ client, assert }) => {
    const admin = await createStaff('admin')
    const page = await client
      .get('/admin/broadcast')
      .withGuard('web')
      .loginAs(admin)
      .withFlashMessages({
        title: '"><script>alert(1)</script>',
        inputErrorsBag: { body: ['The body field must be defined'] },
      })
    page.assertStatus(200)
    const html = page.text()
    assert.include(html, 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"')
    assert.notInclude(html, '<script>alert(1)</script>')
    assert.match(html, /<textarea id="body" name="body" rows="4" cols="80"><\/textarea>\s*<span class="field-error">The body field must be defined<\/span>/)
    assert.match(html, /<form method="POST" action="\/admin\/broadcast">\s*<input[^>]*name='_csrf'/)
  })

  test('a failed form with a 20,000-character field flashes bounded input that fits a cookie', async ({ client, assert }) => {
    const admin = await createStaff('admin')
    const huge = 'x'.repeat(20_000)
    const invalid = await postFromForm(client, admin, { title: 'Kept title', body: huge })
    invalid.assertStatus(302)
    const flashed = invalid.flashMessages() as Record<string, Record<string, unknown>>
    // The error is shown; the short field is re-filled; the huge one is left out.
    assert.deepEqual(flashed.inputErrorsBag.body, ['The body field must not be greater than 2000 characters'])
    assert.equal(flashed.title, 'Kept title')
    assert.notProperty(flashed, 'body')
    assert.notProperty(flashed, '_csrf')

    // What the cookie session store would send for it (the tests run the memory store).
    const ctx = await testUtils.createHttpContext()
    ctx.response.encryptedCookie('marquee-admin-session', { __flash__: flashed })
    ctx.response.finish()
    const setCookie = String(ctx.response.getHeader('set-cookie'))
    assert.match(setCookie, /^marquee-admin-session=.{200,}/)
    assert.isBelow(Buffer.byteLength(setCookie), 4096)
    assert.lengthOf(await db.from('notifications'), 0)
  })
})
