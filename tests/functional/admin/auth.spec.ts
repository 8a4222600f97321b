import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import AuditLog from '#models/audit_log'
import { UserFactory } from '#factories/user_factory'
import { PASSWORD, freshIp } from '#tests/support/auth'
import { createStaff } from '#tests/support/admin'

test.group('Admin / login and access', () => {
  test('anonymous requests to /admin pages redirect to the login page', async ({ client, assert }) => {
    for (const path of ['/admin', '/admin/reports', '/admin/users', '/admin/movies', '/admin/queues', '/admin/audit']) {
      const response = await client.get(path).redirects(0)
      response.assertStatus(302)
      assert.equal(response.header('location'), '/admin/login', path)
    }
    // The JSON API keeps its envelope and never gets a session cookie.
    const api = await client.get('/api/v1/me')
    api.assertStatus(401)
    assert.equal(api.body().error.code, 'E_UNAUTHORIZED')
    assert.notExists(api.cookie('marquee-admin-session'))
  })

  test('an unknown /admin URL gets an HTML 404 page, an unknown API URL its JSON envelope', async ({ client, assert }) => {
    const page = await client.get('/admin/no-such-page')
    page.assertStatus(404)
    assert.include(page.header('content-type'), 'text/html')
    assert.include(page.text(), '404 · Not found')
    const api = await client.get('/api/v1/no-such-route')
    api.assertStatus(404)
    assert.equal(api.body().error.code, 'E_NOT_FOUND')
  })

  test('the login page renders a form with a CSRF field', async ({ client, assert }) => {
    const response = await client.get('/admin/login')
    response.assertStatus(200)
    assert.include(response.header('content-type'), 'text/html')
    assert.match(response.text(), /<form method="POST" action="\/admin\/login">/)
    assert.match(response.text(), /name='_csrf' value='[^']+'/)
  })

  test('a moderator signs in with the right password and reaches the dashboard', async ({ client, assert }) => {
    const moderator = await createStaff()
    const response = await client
      .post('/admin/login')
      .header('x-forwarded-for', freshIp())
      .withCsrfToken()
      .form({ login: moderator.username, password: PASSWORD })
      .redirects(0)
    response.assertStatus(302)
    assert.equal(response.header('location'), '/admin')
    assert.equal(response.session()['auth_web'], moderator.id)
    const audit = await AuditLog.query().where('action', 'admin.login').firstOrFail()
    assert.equal(audit.actorId, moderator.id)
  })

  test('plain users, suspended staff and wrong passwords are refused', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const suspended = await UserFactory.apply('admin').merge({ suspendedAt: DateTime.now() }).create()
    const moderator = await createStaff()
    const cases: [string, string, string][] = [
      [user.username, PASSWORD, 'The admin panel is for moderators and admins'],
      [suspended.username, PASSWORD, 'This account is suspended'],
      [moderator.username, 'wrong-password', 'Invalid credentials'],
    ]
    for (const [login, password, message] of cases) {
      const response = await client
        .post('/admin/login')
        .header('x-forwarded-for', freshIp())
        .withCsrfToken()
        .form({ login, password })
        .redirects(0)
      response.assertStatus(302)
      assert.equal(response.header('location'), '/admin/login')
      assert.equal(response.flashMessages().error, message)
      assert.notExists(response.session()['auth_web'])
    }
    assert.lengthOf(await AuditLog.all(), 0)
  })

  test('an empty login form comes back with inline errors', async ({ client, assert }) => {
    const response = await client
      .post('/admin/login')
      .header('x-forwarded-for', freshIp())
      .header('referer', '/admin/login')
      .withCsrfToken()
      .form({ login: '', password: '' })
      .redirects(0)
    response.assertStatus(302)
    assert.equal(response.header('location'), '/admin/login')
    const errors = response.flashMessages().inputErrorsBag
    assert.properties(errors, ['login', 'password'])
  })

  test('the login form needs a CSRF token', async ({ client, assert }) => {
    const moderator = await createStaff()
    const response = await client
      .post('/admin/login')
      .header('x-forwarded-for', freshIp())
      .form({ login: moderator.username, password: PASSWORD })
      .redirects(0)
    response.assertStatus(403)
    assert.include(response.header('content-type'), 'text/html')
    assert.include(response.text(), 'Your form has expired')
  })

  test('sign-in attempts are rate-limited per IP', async ({ client, assert }) => {
    const ip = freshIp()
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) {
      const response = await client
        .post('/admin/login')
        .header('x-forwarded-for', ip)
        .withCsrfToken()
        .form({ login: 'nobody', password: 'nothing' })
        .redirects(0)
      statuses.push(response.status())
    }
    assert.deepEqual(statuses, [302, 302, 302, 302, 302, 429])
  })

  test('a plain user with a session gets the 403 page', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const response = await client.get('/admin').withGuard('web').loginAs(user)
    response.assertStatus(403)
    assert.include(response.text(), 'The admin panel is for moderators and admins.')
  })

  test('a suspended moderator is signed out on the next request', async ({ client, assert }) => {
    const moderator = await UserFactory.apply('moderator').merge({ suspendedAt: DateTime.now() }).create()
    const response = await client.get('/admin').withGuard('web').loginAs(moderator).redirects(0)
    response.assertStatus(302)
    assert.equal(response.header('location'), '/admin/login')
    assert.notExists(response.session()['auth_web'])
  })

  test('logout ends the session and needs a CSRF token', async ({ client, assert }) => {
    const moderator = await createStaff()
    const noToken = await client.post('/admin/logout').withGuard('web').loginAs(moderator).redirects(0)
    noToken.assertStatus(403)

    const response = await client
      .post('/admin/logout')
      .withGuard('web')
      .loginAs(moderator)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    assert.equal(response.header('location'), '/admin/login')
    assert.notExists(response.session()['auth_web'])
  })
})
