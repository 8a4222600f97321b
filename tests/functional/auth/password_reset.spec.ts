import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import hash from '@adonisjs/core/services/hash'
import LoginSession from '#models/login_session'
import PasswordReset from '#models/password_reset'
import User from '#models/user'
import { UserFactory } from '#factories/user_factory'
import { sha256 } from '#services/auth/secrets'
import { freshIp, mailedCode, nextMinute, PASSWORD } from '#tests/support/auth'
import { codeFrom, smtpSink } from '#tests/support/smtp_sink'
import type { ApiClient } from '@japa/api-client'

const NEW_PASSWORD = 'a-brand-new-passphrase'

async function forgot(client: ApiClient, email: string, ip: string) {
  const response = await client.post('/api/v1/auth/password/forgot').header('x-forwarded-for', ip).json({ email })
  response.assertStatus(202)
  return response.body().reset_token as string
}

async function signIn(client: ApiClient, login: string, password: string) {
  return client.post('/api/v1/auth/login').header('x-forwarded-for', freshIp()).json({ login, password })
}

/** A different code than the mailed one. */
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0')

test.group('Auth / password reset', () => {
  test('forgot → mailed code → verify → reset: new password, every session and other reset revoked', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.merge({ email: 'reset.me@example.test', emailVerifiedAt: null }).create()
    const session = await signIn(client, user.username, PASSWORD)
    session.assertStatus(200)
    const ip = freshIp()

    const older = await forgot(client, 'reset.me@example.test', freshIp())
    await smtpSink.waitFor('reset.me@example.test')
    const resetToken = await forgot(client, 'Reset.Me@example.test', ip)
    assert.isAtLeast(resetToken.length, 40)
    const mail = await smtpSink.waitFor('reset.me@example.test', { index: 1 })
    assert.equal(mail.subject, 'Your Marquee password reset code')
    const code = codeFrom(mail)
    assert.include(mail.html, code)

    // Stored hashed only.
    const row = await PasswordReset.findByOrFail('token_hash', sha256(resetToken))
    assert.equal(row.userId, user.id)
    assert.equal(row.ipAddress, ip)
    assert.notInclude(JSON.stringify(row.$attributes), resetToken)
    assert.notInclude(JSON.stringify(row.$attributes), code)

    const verify = await client
      .post('/api/v1/auth/password/verify')
      .header('x-forwarded-for', ip)
      .json({ reset_token: resetToken, otp_code: code })
    verify.assertStatus(200)
    assert.deepEqual(verify.body(), { verified: true, expires_in: 600 })
    assert.isNotNull((await PasswordReset.findByOrFail('token_hash', sha256(resetToken))).verifiedAt)

    const reset = await client
      .post('/api/v1/auth/password/reset')
      .header('x-forwarded-for', ip)
      .json({ reset_token: resetToken, new_password: NEW_PASSWORD })
    reset.assertStatus(200)
    assert.isString(reset.body().message)

    const fresh = await User.findOrFail(user.id)
    assert.isTrue(await hash.verify(fresh.password!, NEW_PASSWORD))
    assert.isNotNull(fresh.emailVerifiedAt)
    assert.isNotNull((await PasswordReset.findByOrFail('token_hash', sha256(resetToken))).usedAt)
    assert.isNotNull((await PasswordReset.findByOrFail('token_hash', sha256(older))).revokedAt)
    const sessions = await LoginSession.query().where('user_id', user.id)
    assert.isTrue(sessions.every((s) => s.status === 'revoked' && s.revokedReason === 'password_reset'))
    ;(await client.get('/api/v1/me').bearerToken(session.body().access_token)).assertStatus(401)

    ;(await signIn(client, user.username, PASSWORD)).assertStatus(401)
    ;(await signIn(client, user.username, NEW_PASSWORD)).assertStatus(200)

    // The reset token is spent.
    const again = await client
      .post('/api/v1/auth/password/reset')
      .header('x-forwarded-for', ip)
      .json({ reset_token: resetToken, new_password: 'yet-another-password' })
    again.assertStatus(422)
    assert.equal(again.body().error.details[0].field, 'reset_token')
  })

  test('an unknown email gets the same answer and a reset whose codes always fail', async ({ client, assert }) => {
    const known = await UserFactory.merge({ email: 'known@example.test' }).create()
    const knownResponse = await client
      .post('/api/v1/auth/password/forgot')
      .header('x-forwarded-for', freshIp())
      .json({ email: 'known@example.test' })
    const ip = freshIp()
    const unknownResponse = await client
      .post('/api/v1/auth/password/forgot')
      .header('x-forwarded-for', ip)
      .json({ email: 'ghost@example.test' })

    knownResponse.assertStatus(202)
    unknownResponse.assertStatus(202)
    assert.deepEqual(Object.keys(unknownResponse.body()), Object.keys(knownResponse.body()))
    assert.equal(unknownResponse.body().reset_token.length, knownResponse.body().reset_token.length)

    const ghostReset = await PasswordReset.findByOrFail('token_hash', sha256(unknownResponse.body().reset_token))
    assert.isNull(ghostReset.userId)
    await smtpSink.waitFor(known.email!)
    assert.lengthOf(smtpSink.messagesTo('ghost@example.test'), 0)

    // Every code fails, like a wrong code for a real account.
    const knownCode = await mailedCode(known.email!)
    const response = await client
      .post('/api/v1/auth/password/verify')
      .header('x-forwarded-for', ip)
      .json({ reset_token: unknownResponse.body().reset_token, otp_code: knownCode })
    response.assertStatus(422)
    assert.deepEqual(response.body(), {
      error: { code: 'E_OTP_INVALID', message: 'The code is not valid', attempts_left: 4 },
    })
  })

  test('OTP brute force: five wrong codes, then E_OTP_LOCKED even for the right one', async ({ client, assert }) => {
    const user = await UserFactory.merge({ email: 'target@example.test' }).create()
    const ip = freshIp()
    const resetToken = await forgot(client, 'target@example.test', ip)
    const code = await mailedCode('target@example.test')

    const attemptsLeft: number[] = []
    for (let attempt = 1; attempt <= 5; attempt++) {
      // 5 auth requests a minute per IP: let "a minute" pass between batches.
      if (attempt === 4) await nextMinute()
      const response = await client
        .post('/api/v1/auth/password/verify')
        .header('x-forwarded-for', ip)
        .json({ reset_token: resetToken, otp_code: wrongCode(code) })
      response.assertStatus(422)
      assert.equal(response.body().error.code, 'E_OTP_INVALID')
      attemptsLeft.push(response.body().error.attempts_left)
    }
    assert.deepEqual(attemptsLeft, [4, 3, 2, 1, 0])

    const sixth = await client
      .post('/api/v1/auth/password/verify')
      .header('x-forwarded-for', ip)
      .json({ reset_token: resetToken, otp_code: code })
    sixth.assertStatus(403)
    assert.equal(sixth.body().error.code, 'E_OTP_LOCKED')

    const row = await PasswordReset.findByOrFail('token_hash', sha256(resetToken))
    assert.equal(row.attempts, 5)
    assert.isNull(row.verifiedAt)

    await nextMinute()
    const reset = await client
      .post('/api/v1/auth/password/reset')
      .header('x-forwarded-for', ip)
      .json({ reset_token: resetToken, new_password: NEW_PASSWORD })
    reset.assertStatus(422)
    assert.isTrue(await hash.verify((await User.findOrFail(user.id)).password!, PASSWORD))
  })

  test('the code is bound to the requesting IP', async ({ client, assert }) => {
    await UserFactory.merge({ email: 'bound@example.test' }).create()
    const resetToken = await forgot(client, 'bound@example.test', freshIp())
    const code = await mailedCode('bound@example.test')

    const response = await client
      .post('/api/v1/auth/password/verify')
      .header('x-forwarded-for', freshIp())
      .json({ reset_token: resetToken, otp_code: code })
    response.assertStatus(403)
    assert.equal(response.body().error.code, 'E_FORBIDDEN')
    const row = await PasswordReset.findByOrFail('token_hash', sha256(resetToken))
    assert.isNull(row.verifiedAt)
  })

  test('an expired code is 422 E_OTP_EXPIRED', async ({ client, assert }) => {
    await UserFactory.merge({ email: 'slow@example.test' }).create()
    const ip = freshIp()
    const resetToken = await forgot(client, 'slow@example.test', ip)
    const code = await mailedCode('slow@example.test')
    await PasswordReset.query()
      .where('token_hash', sha256(resetToken))
      .update({ expiresAt: DateTime.now().minus({ seconds: 1 }).toSQL() })

    const response = await client
      .post('/api/v1/auth/password/verify')
      .header('x-forwarded-for', ip)
      .json({ reset_token: resetToken, otp_code: code })
    response.assertStatus(422)
    assert.equal(response.body().error.code, 'E_OTP_EXPIRED')
    assert.isNull((await PasswordReset.findByOrFail('token_hash', sha256(resetToken))).verifiedAt)
  })

  test('reset before verify is refused and changes nothing', async ({ client, assert }) => {
    const user = await UserFactory.merge({ email: 'hasty@example.test' }).create()
    const ip = freshIp()
    const resetToken = await forgot(client, 'hasty@example.test', ip)
    const response = await client
      .post('/api/v1/auth/password/reset')
      .header('x-forwarded-for', ip)
      .json({ reset_token: resetToken, new_password: NEW_PASSWORD })
    response.assertStatus(422)
    assert.deepEqual(response.body().error.details[0], {
      field: 'reset_token',
      rule: 'verified',
      message: 'Verify the emailed code before resetting the password',
    })
    assert.isTrue(await hash.verify((await User.findOrFail(user.id)).password!, PASSWORD))

    const badInput = await client
      .post('/api/v1/auth/password/verify')
      .header('x-forwarded-for', ip)
      .json({ reset_token: resetToken, otp_code: '12ab' })
    badInput.assertStatus(422)
    assert.equal(badInput.body().error.code, 'E_VALIDATION')
    assert.equal((await PasswordReset.findByOrFail('token_hash', sha256(resetToken))).attempts, 0)
  })
})
