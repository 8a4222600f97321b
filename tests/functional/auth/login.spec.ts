import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import User from '#models/user'
import LoginSession from '#models/login_session'
import { UserFactory } from '#factories/user_factory'
import { claimsOf, freshIp, PASSWORD } from '#tests/support/auth'

test.group('Auth / login', () => {
  test('signs in by username with device details recorded on a new session', async ({ client, assert }) => {
    const user = await UserFactory.merge({ username: 'neo', email: 'neo@example.test' }).create()
    const ip = freshIp()
    const response = await client
      .post('/api/v1/auth/login')
      .header('x-forwarded-for', ip)
      .header('user-agent', 'Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0')
      .json({ login: 'neo', password: PASSWORD, device_name: 'Firefox on Linux', platform: 'web' })

    response.assertStatus(200)
    const body = response.body()
    assert.properties(body, ['user', 'access_token', 'refresh_token', 'expires_in'])
    assert.equal(body.user.id, user.id)
    assert.equal(body.user.username, 'neo')
    assert.equal(body.expires_in, 900)
    assert.isString(body.refresh_token)
    assert.isAtLeast(body.refresh_token.length, 40)
    // No cookies unless asked for.
    assert.notExists(response.header('set-cookie'))

    const claims = claimsOf(body.access_token)
    assert.equal(claims.sub, String(user.id))
    assert.equal(claims.type, 'access')
    const session = await LoginSession.findOrFail(claims.sid as number)
    assert.equal(session.userId, user.id)
    assert.equal(session.deviceName, 'Firefox on Linux')
    assert.equal(session.platform, 'web')
    assert.equal(session.ipAddress, ip)
    assert.equal(session.status, 'active')
    assert.match(session.userAgent!, /Firefox/)
    assert.isTrue(session.expiresAt > DateTime.now().plus({ days: 29 }))
  })

  test('signs in by email, whatever its case', async ({ client, assert }) => {
    const user = await UserFactory.merge({ email: 'trinity@example.test' }).create()
    const response = await client
      .post('/api/v1/auth/login')
      .header('x-forwarded-for', freshIp())
      .json({ login: 'Trinity@Example.TEST', password: PASSWORD })
    response.assertStatus(200)
    assert.equal(response.body().user.id, user.id)
    assert.lengthOf(await LoginSession.query().where('user_id', user.id), 1)
  })

  test('a wrong password, an unknown login and a placeholder account look the same', async ({ client, assert }) => {
    await UserFactory.merge({ username: 'morpheus' }).create()
    await UserFactory.merge({ username: 'ml_42', email: null, password: null, isPlaceholder: true }).create()
    const ip = freshIp()
    const attempts = [
      { login: 'morpheus', password: 'wrong-password' },
      { login: 'nobody-here', password: PASSWORD },
      { login: 'ml_42', password: PASSWORD },
    ]
    for (const attempt of attempts) {
      const response = await client.post('/api/v1/auth/login').header('x-forwarded-for', ip).json(attempt)
      response.assertStatus(401)
      assert.deepEqual(response.body(), {
        error: { code: 'E_INVALID_CREDENTIALS', message: 'Invalid login or password' },
      })
    }
    assert.lengthOf(await LoginSession.all(), 0)
  })

  test('a suspended account is refused with 403 E_ACCOUNT_SUSPENDED, only with the right password', async ({
    client,
    assert,
  }) => {
    await UserFactory.merge({ username: 'cypher', suspendedAt: DateTime.now() }).create()
    const ip = freshIp()

    const wrong = await client
      .post('/api/v1/auth/login')
      .header('x-forwarded-for', ip)
      .json({ login: 'cypher', password: 'not-it-at-all' })
    wrong.assertStatus(401)
    assert.equal(wrong.body().error.code, 'E_INVALID_CREDENTIALS')

    const right = await client
      .post('/api/v1/auth/login')
      .header('x-forwarded-for', ip)
      .json({ login: 'cypher', password: PASSWORD })
    right.assertStatus(403)
    assert.equal(right.body().error.code, 'E_ACCOUNT_SUSPENDED')
    assert.lengthOf(await LoginSession.all(), 0)
  })

  test('missing fields are a 422 and open no session', async ({ client, assert }) => {
    const response = await client.post('/api/v1/auth/login').header('x-forwarded-for', freshIp()).json({})
    response.assertStatus(422)
    assert.sameMembers(
      response.body().error.details.map((d: { field: string }) => d.field),
      ['login', 'password']
    )
    const badPlatform = await client
      .post('/api/v1/auth/login')
      .header('x-forwarded-for', freshIp())
      .json({ login: 'x', password: 'y', platform: 'fax' })
    badPlatform.assertStatus(422)
    assert.equal(badPlatform.body().error.details[0].field, 'platform')
    assert.lengthOf(await LoginSession.all(), 0)
    assert.lengthOf(await User.all(), 0)
  })
})
