import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import redis from '@adonisjs/redis/services/main'
import IpBlock from '#models/ip_block'
import LoginSession from '#models/login_session'
import { UserFactory } from '#factories/user_factory'
import { freshIp, nextMinute, PASSWORD, register } from '#tests/support/auth'
import type { ApiClient } from '@japa/api-client'

function failLogin(client: ApiClient, ip: string) {
  return client.post('/api/v1/auth/login').header('x-forwarded-for', ip).json({ login: 'victim', password: 'guess' })
}

test.group('Auth / rate limits', () => {
  test('credential routes allow 5 requests a minute per IP', async ({ client, assert }) => {
    await UserFactory.merge({ username: 'victim' }).create()
    const ip = freshIp()
    for (let i = 0; i < 5; i++) {
      const response = await failLogin(client, ip)
      response.assertStatus(401)
      assert.equal(response.header('x-ratelimit-limit'), '5')
      assert.equal(response.header('x-ratelimit-remaining'), String(4 - i))
    }
    const limited = await client
      .post('/api/v1/auth/login')
      .header('x-forwarded-for', ip)
      .json({ login: 'victim', password: PASSWORD })
    limited.assertStatus(429)
    assert.equal(limited.body().error.code, 'E_RATE_LIMITED')
    assert.exists(limited.header('retry-after'))
    assert.lengthOf(await LoginSession.all(), 0)

    // Another address is not affected.
    const elsewhere = await client
      .post('/api/v1/auth/login')
      .header('x-forwarded-for', freshIp())
      .json({ login: 'victim', password: PASSWORD })
    elsewhere.assertStatus(200)
  })

  test('register, forgot, verify and reset are limited too', async ({ client, assert }) => {
    const routes: [string, object][] = [
      ['/api/v1/auth/register', {}],
      ['/api/v1/auth/password/forgot', { email: 'someone@example.test' }],
      ['/api/v1/auth/password/verify', {}],
      ['/api/v1/auth/password/reset', {}],
    ]
    for (const [url, body] of routes) {
      const ip = freshIp()
      for (let i = 0; i < 5; i++) {
        const response = await client.post(url).header('x-forwarded-for', ip).json(body)
        assert.notEqual(response.status(), 429, `${url} limited too early`)
      }
      const limited = await client.post(url).header('x-forwarded-for', ip).json(body)
      limited.assertStatus(429)
      assert.equal(limited.header('x-ratelimit-limit'), '5')
    }
  })

  test('email verify and resend are limited too', async ({ client, assert }) => {
    const member = await register(client)
    for (const url of ['/api/v1/auth/email/verify', '/api/v1/auth/email/resend']) {
      const ip = freshIp()
      for (let i = 0; i < 5; i++) {
        const response = await client
          .post(url)
          .bearerToken(member.access_token)
          .header('x-forwarded-for', ip)
          .json({ code: '000000' })
        assert.notEqual(response.status(), 429, `${url} limited too early`)
      }
      const limited = await client
        .post(url)
        .bearerToken(member.access_token)
        .header('x-forwarded-for', ip)
        .json({ code: '000000' })
      limited.assertStatus(429)
      assert.equal(limited.header('x-ratelimit-limit'), '5')
    }
  })

  test('refresh allows 30 requests a minute per IP', async ({ client, assert }) => {
    const ip = freshIp()
    for (let i = 0; i < 30; i++) {
      const response = await client
        .post('/api/v1/auth/refresh')
        .header('x-forwarded-for', ip)
        .json({ refresh_token: `nope-${i}` })
      response.assertStatus(401)
    }
    const limited = await client
      .post('/api/v1/auth/refresh')
      .header('x-forwarded-for', ip)
      .json({ refresh_token: 'nope' })
    limited.assertStatus(429)
    assert.equal(limited.header('x-ratelimit-limit'), '30')
  })
})

/*
 * Sign-in lockout (API.md Conventions): 10 failures against one account
 * from one IP block that account from that IP; 100 from one IP across
 * accounts block the IP; each for 15 minutes. The failure that reaches a
 * limit still answers 401, later attempts 403 E_IP_BLOCKED.
 */
test.group('Auth / sign-in lockout', () => {
  function login(client: ApiClient, ip: string, loginName: string, password: string) {
    return client.post('/api/v1/auth/login').header('x-forwarded-for', ip).json({ login: loginName, password })
  }

  test('10 failed logins against one account from one IP block that account from that IP only', async ({ client, assert }) => {
    const victim = await UserFactory.merge({ username: 'victim', email: 'victim@example.test' }).create()
    const bystander = await UserFactory.merge({ username: 'bystander', email: 'bystander@example.test' }).create()
    const ip = freshIp()
    for (let i = 1; i <= 10; i++) {
      if (i % 5 === 1) await nextMinute()
      // Username or email: the same account.
      const response = await login(client, ip, i % 2 ? 'victim' : 'victim@example.test', 'guess')
      assert.equal(response.status(), 401, `failure ${i}`)
    }
    await nextMinute()

    // Even the right password is refused for that account from that IP…
    const blocked = await login(client, ip, 'victim', PASSWORD)
    blocked.assertStatus(403)
    assert.equal(blocked.body().error.code, 'E_IP_BLOCKED')
    const retryAfter = Number(blocked.header('retry-after'))
    assert.isAbove(retryAfter, 14 * 60)
    assert.isAtMost(retryAfter, 15 * 60)
    const forgot = await client.post('/api/v1/auth/password/forgot').header('x-forwarded-for', ip).json({ email: victim.email })
    forgot.assertStatus(403)

    // …while someone else behind the same address signs in and resets as usual,
    const neighbour = await login(client, ip, 'bystander', PASSWORD)
    neighbour.assertStatus(200)
    const neighbourForgot = await client
      .post('/api/v1/auth/password/forgot')
      .header('x-forwarded-for', ip)
      .json({ email: bystander.email })
    neighbourForgot.assertStatus(202)
    // …and the account owner signs in from another address.
    await nextMinute()
    const elsewhere = await login(client, freshIp(), 'victim', PASSWORD)
    elsewhere.assertStatus(200)

    const sessions = await LoginSession.query().orderBy('id')
    assert.deepEqual(sessions.map((session) => session.userId), [bystander.id, victim.id])
    // Recorded in PostgreSQL for the admin panel: one block, for the account from that IP.
    const blocks = await IpBlock.query().where('ip_address', ip)
    assert.lengthOf(blocks, 1)
    assert.equal(blocks[0].account, `user:${victim.id}`)
    assert.equal(blocks[0].failures, 10)
    assert.equal(blocks[0].reason, 'too_many_failed_logins')
    const minutes = blocks[0].blockedUntil.diff(DateTime.now(), 'minutes').minutes
    assert.isAbove(minutes, 14)
    assert.isAtMost(minutes, 15)
  })

  test('an account that does not exist is locked the same way (no hint that it does not)', async ({ client, assert }) => {
    const ip = freshIp()
    for (let i = 1; i <= 10; i++) {
      if (i % 5 === 1) await nextMinute()
      assert.equal((await login(client, ip, 'Nobody', 'guess')).status(), 401, `failure ${i}`)
    }
    await nextMinute()
    const blocked = await login(client, ip, 'nobody', 'guess')
    blocked.assertStatus(403)
    assert.equal(blocked.body().error.code, 'E_IP_BLOCKED')
    assert.equal((await IpBlock.findByOrFail('ip_address', ip)).account, 'login:nobody')
  })

  test('100 failures from one IP across accounts block the IP for every account', async ({ client, assert }) => {
    const bystander = await UserFactory.create()
    const ip = freshIp()
    // 25 names × 4 tries: no account reaches its own limit of 10.
    for (let i = 1; i <= 100; i++) {
      if (i % 5 === 1) await nextMinute()
      const response = await login(client, ip, `guess${i % 25}`, 'guess')
      assert.equal(response.status(), 401, `failure ${i}`)
    }
    await nextMinute()
    const blocked = await login(client, ip, bystander.username, PASSWORD)
    blocked.assertStatus(403)
    assert.equal(blocked.body().error.code, 'E_IP_BLOCKED')
    const signUp = await client
      .post('/api/v1/auth/register')
      .header('x-forwarded-for', ip)
      .json({ username: 'newcomer', email: 'newcomer@example.test', password: PASSWORD, password_confirmation: PASSWORD })
    signUp.assertStatus(403)

    const blocks = await IpBlock.query().where('ip_address', ip)
    assert.lengthOf(blocks, 1)
    assert.isNull(blocks[0].account)
    assert.equal(blocks[0].failures, 100)
    assert.lengthOf(await LoginSession.all(), 0)
    // Another address is not affected.
    const elsewhere = await login(client, freshIp(), bystander.username, PASSWORD)
    elsewhere.assertStatus(200)
  })

  test('wrong one-time codes count against the account too, and the block survives a Redis flush', async ({
    client,
    assert,
  }) => {
    await UserFactory.merge({ username: 'victim', email: 'victim@example.test' }).create()
    const bystander = await UserFactory.create()
    const ip = freshIp()
    for (let i = 1; i <= 5; i++) {
      (await login(client, ip, 'victim', 'guess')).assertStatus(401)
    }
    await nextMinute()
    const forgot = await client
      .post('/api/v1/auth/password/forgot')
      .header('x-forwarded-for', ip)
      .json({ email: 'victim@example.test' })
    const resetToken = forgot.body().reset_token
    for (let i = 1; i <= 5; i++) {
      if (i === 4) await nextMinute()
      const response = await client
        .post('/api/v1/auth/password/verify')
        .header('x-forwarded-for', ip)
        .json({ reset_token: resetToken, otp_code: '000000' })
      // 000000 may be the real code (1 in a million): either way it is not a 403 yet.
      assert.include([200, 422], response.status())
    }
    await nextMinute()
    const blocked = await login(client, ip, 'victim', PASSWORD)
    blocked.assertStatus(403)
    assert.equal(blocked.body().error.code, 'E_IP_BLOCKED')

    // Redis forgets everything: PostgreSQL still knows the block.
    const keys = await redis.keys('auth:*')
    await redis.del(...keys)
    const stillBlocked = await login(client, ip, 'victim', PASSWORD)
    stillBlocked.assertStatus(403)
    assert.equal(stillBlocked.body().error.code, 'E_IP_BLOCKED')
    // The address itself is not blocked.
    ;(await login(client, ip, bystander.username, PASSWORD)).assertStatus(200)
  })
})
