import { test } from '@japa/runner'
import hash from '@adonisjs/core/services/hash'
import LoginSession from '#models/login_session'
import PasswordReset from '#models/password_reset'
import User from '#models/user'
import { UserFactory } from '#factories/user_factory'
import { claimsOf, freshIp, login, PASSWORD } from '#tests/support/auth'

const NEW_PASSWORD = 'stronger-passphrase-2026'

test.group('Auth / password change', () => {
  test('changes the password, ends the other sessions and returns new tokens', async ({ client, assert }) => {
    const user = await UserFactory.merge({ username: 'changer', email: 'changer@example.test' }).create()
    const here = await login(client, 'changer')
    const elsewhere = await login(client, 'changer')
    const forgot = await client
      .post('/api/v1/auth/password/forgot')
      .header('x-forwarded-for', freshIp())
      .json({ email: 'changer@example.test' })
    forgot.assertStatus(202)

    const response = await client
      .post('/api/v1/auth/password/change')
      .bearerToken(here.access_token)
      .json({ current_password: PASSWORD, new_password: NEW_PASSWORD })
    response.assertStatus(200)
    const body = response.body()
    assert.properties(body, ['access_token', 'refresh_token', 'expires_in'])
    assert.notEqual(body.refresh_token, here.refresh_token)

    const fresh = await User.findOrFail(user.id)
    assert.isTrue(await hash.verify(fresh.password!, NEW_PASSWORD))

    const hereSession = await LoginSession.findOrFail(claimsOf(here.access_token).sid as number)
    const otherSession = await LoginSession.findOrFail(claimsOf(elsewhere.access_token).sid as number)
    assert.equal(hereSession.status, 'active')
    assert.equal(otherSession.status, 'revoked')
    assert.equal(otherSession.revokedReason, 'password_change')
    assert.equal(claimsOf(body.access_token).sid, hereSession.id)
    assert.isNotNull((await PasswordReset.findByOrFail('user_id', user.id)).revokedAt)

    ;(await client.get('/api/v1/me').bearerToken(elsewhere.access_token)).assertStatus(401)
    ;(await client.get('/api/v1/me').bearerToken(body.access_token)).assertStatus(200)
    // This session's previous refresh token is dead too; presenting it is
    // treated like any reuse of a dead token and ends the session.
    const oldRefresh = await client
      .post('/api/v1/auth/refresh')
      .header('x-forwarded-for', freshIp())
      .json({ refresh_token: here.refresh_token })
    oldRefresh.assertStatus(401)
    assert.equal((await LoginSession.findOrFail(hereSession.id)).revokedReason, 'refresh_token_reuse')
  })

  test('a wrong current password is 422 naming the field and changes nothing', async ({ client, assert }) => {
    const user = await UserFactory.merge({ username: 'forgetful' }).create()
    const here = await login(client, 'forgetful')
    const other = await login(client, 'forgetful')

    const response = await client
      .post('/api/v1/auth/password/change')
      .bearerToken(here.access_token)
      .json({ current_password: 'not-my-password', new_password: NEW_PASSWORD })
    response.assertStatus(422)
    assert.deepEqual(response.body().error.details, [
      { field: 'current_password', rule: 'current_password', message: 'The password is incorrect' },
    ])
    assert.isTrue(await hash.verify((await User.findOrFail(user.id)).password!, PASSWORD))
    ;(await client.get('/api/v1/me').bearerToken(other.access_token)).assertStatus(200)
  })

  test('the new password must have 8+ characters and differ from the current one', async ({ client, assert }) => {
    const user = await UserFactory.merge({ username: 'lazy' }).create()
    const here = await login(client, 'lazy')
    for (const newPassword of ['short', PASSWORD]) {
      const response = await client
        .post('/api/v1/auth/password/change')
        .bearerToken(here.access_token)
        .json({ current_password: PASSWORD, new_password: newPassword })
      response.assertStatus(422)
      assert.equal(response.body().error.details[0].field, 'new_password')
    }
    assert.isTrue(await hash.verify((await User.findOrFail(user.id)).password!, PASSWORD))
    ;(await client.post('/api/v1/auth/password/change').json({})).assertStatus(401)
  })
})
