import { test } from '@japa/runner'
import EmailVerification from '#models/email_verification'
import User from '#models/user'
import { UserFactory } from '#factories/user_factory'
import { mailedCode, nextMinute, register, type RegisteredUser } from '#tests/support/auth'
import type { ApiClient } from '@japa/api-client'
import { smtpSink } from '#tests/support/smtp_sink'

/** POST /auth/email/verify as a member just signed up (its token, from its IP). */
const postVerify = (client: ApiClient, member: RegisteredUser, code: string) =>
  client.post('/api/v1/auth/email/verify').bearerToken(member.access_token).header('x-forwarded-for', member.ip).json({ code })
/** POST /auth/email/resend, likewise. */
const postResend = (client: ApiClient, member: RegisteredUser) =>
  client.post('/api/v1/auth/email/resend').bearerToken(member.access_token).header('x-forwarded-for', member.ip)

const other = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0')

test.group('Auth / email verification', () => {
  test('the code mailed at sign-up verifies the address', async ({ client, assert }) => {
    const member = await register(client, { email: 'verify.me@example.test' })
    const mail = await smtpSink.waitFor('verify.me@example.test')
    assert.equal(mail.subject, 'Confirm your Marquee email address')
    const code = await mailedCode('verify.me@example.test')

    const stored = await EmailVerification.findByOrFail('user_id', member.id)
    assert.notEqual(stored.codeHash, code)
    assert.equal(stored.email, 'verify.me@example.test')

    const response = await postVerify(client, member, code)
    response.assertStatus(200)
    assert.isTrue(response.body().email_verified)
    assert.equal(response.body().id, member.id)
    assert.isNotNull((await User.findOrFail(member.id)).emailVerifiedAt)
    assert.isNotNull((await EmailVerification.findOrFail(stored.id)).consumedAt)

    // Verified: nothing more to send.
    const resend = await postResend(client, member)
    resend.assertStatus(409)
  })

  test('wrong codes count down, then the code is locked', async ({ client, assert }) => {
    const member = await register(client, { email: 'typo@example.test' })
    const code = await mailedCode('typo@example.test')
    const left: number[] = []
    for (let attempt = 1; attempt <= 5; attempt++) {
      if (attempt === 4) await nextMinute()
      const response = await postVerify(client, member, other(code))
      response.assertStatus(422)
      assert.equal(response.body().error.code, 'E_OTP_INVALID')
      left.push(response.body().error.attempts_left)
    }
    assert.deepEqual(left, [4, 3, 2, 1, 0])
    const locked = await postVerify(client, member, code)
    locked.assertStatus(403)
    assert.equal(locked.body().error.code, 'E_OTP_LOCKED')
    assert.isNull((await User.findOrFail(member.id)).emailVerifiedAt)
  })

  test('resend mails a new code and voids the previous one', async ({ client, assert }) => {
    const member = await register(client, { email: 'again@example.test' })
    const first = await mailedCode('again@example.test')

    const resend = await postResend(client, member)
    resend.assertStatus(202)
    const second = await mailedCode('again@example.test', { index: 1 })
    const rows = await EmailVerification.query().where('user_id', member.id).orderBy('id')
    assert.lengthOf(rows, 2)
    assert.isNotNull(rows[0].revokedAt)
    assert.isNull(rows[1].revokedAt)

    if (first !== second) {
      const stale = await postVerify(client, member, first)
      stale.assertStatus(422)
    }
    const fresh = await postVerify(client, member, second)
    fresh.assertStatus(200)
    assert.isTrue(fresh.body().email_verified)
  })

  test('changing the email asks for a new verification of the new address', async ({ client, assert }) => {
    const user = await UserFactory.merge({ email: 'old@example.test' }).create()
    user.emailVerifiedAt = user.createdAt
    await user.save()

    const response = await client.patch('/api/v1/me').loginAs(user).json({ email: 'new@example.test' })
    response.assertStatus(200)
    assert.equal(response.body().email, 'new@example.test')
    assert.isFalse(response.body().email_verified)
    const code = await mailedCode('new@example.test')
    assert.lengthOf(smtpSink.messagesTo('old@example.test'), 0)

    const verify = await client.post('/api/v1/auth/email/verify').loginAs(user).json({ code })
    verify.assertStatus(200)
    assert.isTrue(verify.body().email_verified)
  })

  test('verification routes need a token', async ({ client }) => {
    ;(await client.post('/api/v1/auth/email/verify').json({ code: '123456' })).assertStatus(401)
    ;(await client.post('/api/v1/auth/email/resend')).assertStatus(401)
  })
})
