import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { DateTime } from 'luxon'
import redis from '@adonisjs/redis/services/main'
import AuditLog from '#models/audit_log'
import User from '#models/user'
import IpBlock from '#models/ip_block'
import LoginSession from '#models/login_session'
import { UserFactory } from '#factories/user_factory'
import IpBlocklistService from '#services/auth/ip_blocklist'
import { register } from '#tests/support/auth'
import { createStaff } from '#tests/support/admin'

test.group('Admin / users', () => {
  test('searches accounts by username or email, paginated', async ({ client, assert }) => {
    const moderator = await createStaff()
    await UserFactory.merge({ username: 'findme_one' }).create()
    await UserFactory.merge({ username: 'other_person' }).create()
    await UserFactory.createMany(30)

    const search = await client.get('/admin/users').qs({ q: 'findme' }).withGuard('web').loginAs(moderator)
    search.assertStatus(200)
    assert.include(search.text(), 'findme_one')
    assert.notInclude(search.text(), 'other_person')
    assert.include(search.text(), 'Page 1 of 1 (1 in all)')

    const page2 = await client.get('/admin/users').qs({ page: 2 }).withGuard('web').loginAs(moderator)
    page2.assertStatus(200)
    assert.include(page2.text(), 'Page 2 of 2 (33 in all)')
    assert.include(page2.text(), 'rel="prev"')
  })

  test('shows an account with its ratings, reports and sessions', async ({ client, assert }) => {
    const moderator = await createStaff()
    const member = await register(client)
    const response = await client.get(`/admin/users/${member.id}`).withGuard('web').loginAs(moderator)
    response.assertStatus(200)
    assert.include(response.text(), member.username)
    assert.include(response.text(), '<strong id="user-status">active</strong>')
    assert.include(response.text(), member.ip)
    // Moderators do not see the role form.
    assert.notInclude(response.text(), 'Change role')
    const missing = await client.get('/admin/users/999999').withGuard('web').loginAs(moderator)
    missing.assertStatus(404)
    assert.include(missing.header('content-type'), 'text/html')
  })

  test('suspending ends every session at once; lifting it lets them back', async ({ client, assert }) => {
    const moderator = await createStaff()
    const member = await register(client)
    const before = await client.get('/api/v1/me').bearerToken(member.access_token)
    before.assertStatus(200)

    const response = await client
      .post(`/admin/users/${member.id}/suspend`)
      .withGuard('web')
      .loginAs(moderator)
      .withCsrfToken()
      .form({ reason: 'abusive reviews' })
      .redirects(0)
    response.assertStatus(302)
    assert.equal(response.header('location'), `/admin/users/${member.id}`)
    assert.isNotNull((await User.findOrFail(member.id)).suspendedAt)
    const sessions = await LoginSession.query().where('user_id', member.id)
    assert.isTrue(sessions.every((session) => session.status === 'revoked'))
    const after = await client.get('/api/v1/me').bearerToken(member.access_token)
    after.assertStatus(401)
    const audit = await AuditLog.findByOrFail('action', 'user.suspend')
    assert.equal(audit.details.reason, 'abusive reviews')

    const lift = await client
      .post(`/admin/users/${member.id}/unsuspend`)
      .withGuard('web')
      .loginAs(moderator)
      .withCsrfToken()
      .redirects(0)
    lift.assertStatus(302)
    assert.isNull((await User.findOrFail(member.id)).suspendedAt)
    assert.exists(await AuditLog.findBy('action', 'user.unsuspend'))
  })

  test('a suspension needs a reason (inline error) and a CSRF token', async ({ client, assert }) => {
    const moderator = await createStaff()
    const member = await UserFactory.create()
    const invalid = await client
      .post(`/admin/users/${member.id}/suspend`)
      .withGuard('web')
      .loginAs(moderator)
      .header('referer', `/admin/users/${member.id}`)
      .withCsrfToken()
      .form({ reason: '' })
      .redirects(0)
    invalid.assertStatus(302)
    assert.property(invalid.flashMessages().inputErrorsBag, 'reason')
    const noToken = await client
      .post(`/admin/users/${member.id}/suspend`)
      .withGuard('web')
      .loginAs(moderator)
      .form({ reason: 'long enough' })
    noToken.assertStatus(403)
    assert.isNull((await User.findOrFail(member.id)).suspendedAt)
    assert.lengthOf(await AuditLog.all(), 0)
  })

  test('moderators cannot suspend an admin nor themselves', async ({ client, assert }) => {
    const moderator = await createStaff()
    const admin = await createStaff('admin')
    for (const target of [admin, moderator]) {
      const response = await client
        .post(`/admin/users/${target.id}/suspend`)
        .withGuard('web')
        .loginAs(moderator)
        .withCsrfToken()
        .form({ reason: 'no reason' })
        .redirects(0)
      response.assertStatus(302)
      assert.match(String(response.flashMessages().error), /admin account|your own account/)
      assert.isNull((await User.findOrFail(target.id)).suspendedAt)
    }
  })

  test('an admin may suspend another admin, where a moderator may not (UserPolicy.administer)', async ({ client, assert }) => {
    const admin = await createStaff('admin')
    const otherAdmin = await createStaff('admin')
    const response = await client
      .post(`/admin/users/${otherAdmin.id}/suspend`)
      .withGuard('web')
      .loginAs(admin)
      .withCsrfToken()
      .form({ reason: 'compromised account' })
      .redirects(0)
    response.assertStatus(302)
    assert.equal(response.header('location'), `/admin/users/${otherAdmin.id}`)
    assert.isUndefined(response.flashMessages().error)
    assert.isNotNull((await User.findOrFail(otherAdmin.id)).suspendedAt)
  })

  test('only admins change roles', async ({ client, assert }) => {
    const moderator = await createStaff()
    const admin = await createStaff('admin')
    const member = await UserFactory.create()

    const denied = await client
      .post(`/admin/users/${member.id}/role`)
      .withGuard('web')
      .loginAs(moderator)
      .withCsrfToken()
      .form({ role: 'moderator' })
    denied.assertStatus(403)
    assert.equal((await User.findOrFail(member.id)).role, 'user')

    const page = await client.get(`/admin/users/${member.id}`).withGuard('web').loginAs(admin)
    assert.include(page.text(), 'Change role')

    const invalid = await client
      .post(`/admin/users/${member.id}/role`)
      .withGuard('web')
      .loginAs(admin)
      .withCsrfToken()
      .form({ role: 'overlord' })
      .redirects(0)
    invalid.assertStatus(302)
    assert.property(invalid.flashMessages().inputErrorsBag, 'role')

    const granted = await client
      .post(`/admin/users/${member.id}/role`)
      .withGuard('web')
      .loginAs(admin)
      .withCsrfToken()
      .form({ role: 'moderator' })
      .redirects(0)
    granted.assertStatus(302)
    assert.equal((await User.findOrFail(member.id)).role, 'moderator')
    const audit = await AuditLog.findByOrFail('action', 'user.role')
    assert.deepEqual(audit.details, { from: 'user', to: 'moderator' })
  })

  test('lists current IP blocks and lifts one', async ({ client, assert }) => {
    const moderator = await createStaff()
    const ipBlocklist = await app.container.make(IpBlocklistService)
    await ipBlocklist.block({ ip: '10.9.9.9', account: null }, 'too_many_failed_logins', 100)
    await ipBlocklist.block({ ip: '10.9.9.9', account: 'user:1' }, 'too_many_failed_logins', 10)
    const list = await client.get('/admin/ip-blocks').withGuard('web').loginAs(moderator)
    list.assertStatus(200)
    assert.include(list.text(), '10.9.9.9')
    assert.include(list.text(), 'user:1')

    const lift = await client
      .post('/admin/ip-blocks/lift')
      .withGuard('web')
      .loginAs(moderator)
      .withCsrfToken()
      .form({ ip_address: '10.9.9.9' })
      .redirects(0)
    lift.assertStatus(302)
    assert.equal(lift.header('location'), '/admin/ip-blocks')
    // The IP's account blocks are lifted with it.
    const blocks = await IpBlock.query().where('ip_address', '10.9.9.9')
    assert.lengthOf(blocks, 2)
    for (const lifted of blocks) assert.isNotNull(lifted.liftedAt)
    const block = blocks[0]
    assert.equal(await ipBlocklist.blockedFor('10.9.9.9', 'user:1'), 0)
    assert.equal(await redis.exists('auth:block:10.9.9.9', 'auth:block:10.9.9.9|user:1'), 0)
    assert.exists(await AuditLog.findBy('action', 'ip_block.lift'))
    assert.isBelow(block.blockedUntil.toMillis(), DateTime.now().plus({ hours: 1 }).toMillis())
  })
})
