/*
| Two-factor sign-in (API.md "Two-factor sign-in (TOTP, RFC 6238)"): setup,
| enable, disable, the login's challenge and its verify, admin panel sign-in.
| Codes are computed from the secret the API hands out, with `otpauth`, for
| explicit time steps (the current one, ±1 accepted, ±2 refused), as an
| authenticator app whose clock runs a little fast or slow would.
*/

import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { DateTime } from 'luxon'
import { URI } from 'otpauth'
import db from '@adonisjs/lucid/services/db'
import encryption from '@adonisjs/core/services/encryption'
import hash from '@adonisjs/core/services/hash'
import redis from '@adonisjs/redis/services/main'
import IpBlock from '#models/ip_block'
import LoginSession from '#models/login_session'
import TwoFactorRecoveryCode from '#models/two_factor_recovery_code'
import UserTwoFactor from '#models/user_two_factor'
import type User from '#models/user'
import { UserFactory } from '#factories/user_factory'
import { sha256 } from '#services/auth/secrets'
import { claimsOf, freshIp, nextMinute, PASSWORD, setCookies } from '#tests/support/auth'
import { createStaff } from '#tests/support/admin'
import {
  awaitStepHeadroom,
  challengeFor,
  codeAt,
  currentStep,
  enableTwoFactor,
  passwordLogin,
  verifyCode,
  wrongCodeAround,
} from '#tests/support/two_factor'

const RECOVERY_CODE = /^[a-z2-9]{5}-[a-z2-9]{5}$/

/**
 * "The last code was used long ago": moves the remembered time step back,
 * so that the steps around now are all unused (as endGraceWindow moves a
 * rotation back in time).
 */
async function ageLastUsedStep(user: User) {
  await UserTwoFactor.query().where('user_id', user.id).update({ lastUsedStep: currentStep() - 100 })
}

async function stateOf(user: User) {
  const row = await UserTwoFactor.find(user.id)
  const codes = await TwoFactorRecoveryCode.query().where('user_id', user.id).orderBy('id')
  return {
    row: row && {
      secret: row.secret,
      pendingSecret: row.pendingSecret,
      enabledAt: row.enabledAt?.toISO() ?? null,
      lastUsedStep: row.lastUsedStep,
    },
    codes: codes.map((code) => ({ id: code.id, hash: code.codeHash, used: code.usedAt?.toISO() ?? null })),
  }
}

function assertFieldError(assert: { deepEqual: Function; equal: Function }, body: any, field: string) {
  assert.equal(body.error.code, 'E_VALIDATION')
  assert.deepEqual(
    body.error.details.map((detail: { field: string }) => detail.field),
    [field]
  )
}

async function sessionsOf(user: User) {
  return LoginSession.query().where('user_id', user.id)
}

test.group('Auth / two-factor sign-in: setup and enable', () => {
  test('setup hands out a base32 secret and an otpauth URI, stored encrypted and pending', async ({ client, assert }) => {
    const user = await UserFactory.merge({ email: 'ada@example.test' }).create()
    const response = await client.post('/api/v1/auth/2fa/setup').loginAs(user)
    response.assertStatus(200)
    const { secret, otpauth_url: url } = response.body()
    assert.deepEqual(Object.keys(response.body()).sort(), ['otpauth_url', 'secret'])
    assert.match(secret, /^[A-Z2-7]{32}$/)

    const parsed = URI.parse(url)
    assert.equal(parsed.issuer, 'Marquee')
    assert.equal(parsed.label, 'ada@example.test')
    assert.equal(parsed.secret.base32, secret)
    assert.include(url, 'algorithm=SHA1')
    assert.include(url, 'digits=6')
    assert.include(url, 'period=30')

    // Encrypted at rest (not the secret, not containing it), and only pending.
    const row = await UserTwoFactor.findOrFail(user.id)
    assert.isNull(row.secret)
    assert.isNull(row.enabledAt)
    assert.notInclude(row.pendingSecret!, secret)
    assert.equal(encryption.decrypt(row.pendingSecret!, 'two-factor-secret'), secret)
    assert.lengthOf(await TwoFactorRecoveryCode.query().where('user_id', user.id), 0)

    // Not active: the password alone still signs in, and /me says it is off.
    const login = await passwordLogin(client, user)
    login.assertStatus(200)
    assert.exists(login.body().access_token)
    assert.isFalse(login.body().user.two_factor_enabled)
  })

  test('a second setup replaces the pending secret: only the new one enables', async ({ client, assert }) => {
    const user = await UserFactory.create()
    await awaitStepHeadroom(10)
    const first = (await client.post('/api/v1/auth/2fa/setup').loginAs(user)).body().secret
    const second = (await client.post('/api/v1/auth/2fa/setup').loginAs(user)).body().secret
    assert.notEqual(first, second)
    const step = currentStep()
    assert.notEqual(codeAt(first, step), codeAt(second, step))

    const stale = await client.post('/api/v1/auth/2fa/enable').json({ code: codeAt(first, step) }).loginAs(user)
    stale.assertStatus(422)
    assertFieldError(assert, stale.body(), 'code')
    assert.isNull((await UserTwoFactor.findOrFail(user.id)).enabledAt)

    const enabled = await client.post('/api/v1/auth/2fa/enable').json({ code: codeAt(second, step) }).loginAs(user)
    enabled.assertStatus(200)
  })

  test('two setups at once both answer (no 5xx) and leave one pending secret', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const responses = await Promise.all([1, 2, 3].map(() => client.post('/api/v1/auth/2fa/setup').loginAs(user)))
    for (const response of responses) response.assertStatus(200)
    const rows = await UserTwoFactor.query().where('user_id', user.id)
    assert.lengthOf(rows, 1)
    const pending = encryption.decrypt<string>(rows[0].pendingSecret!, 'two-factor-secret')
    const handedOut: string[] = responses.map((response) => response.body().secret)
    assert.isTrue(handedOut.includes(pending!))
  })

  test('enable turns it on and shows ten recovery codes once, stored hashed', async ({ client, assert }) => {
    const user = await UserFactory.create()
    // The profile is cached: enabling must show through at once.
    const before = await client.get('/api/v1/me').loginAs(user)
    assert.isFalse(before.body().two_factor_enabled)

    await awaitStepHeadroom(10)
    const secret = (await client.post('/api/v1/auth/2fa/setup').loginAs(user)).body().secret
    const step = currentStep()
    const response = await client.post('/api/v1/auth/2fa/enable').json({ code: codeAt(secret, step) }).loginAs(user)
    response.assertStatus(200)
    assert.deepEqual(Object.keys(response.body()), ['recovery_codes'])
    const codes = response.body().recovery_codes as string[]
    assert.lengthOf(codes, 10)
    assert.lengthOf(new Set(codes), 10)
    for (const code of codes) assert.match(code, RECOVERY_CODE)

    const row = await UserTwoFactor.findOrFail(user.id)
    assert.isNull(row.pendingSecret)
    assert.exists(row.enabledAt)
    assert.equal(encryption.decrypt(row.secret!, 'two-factor-secret'), secret)
    assert.equal(row.lastUsedStep, step)

    const stored = await TwoFactorRecoveryCode.query().where('user_id', user.id).orderBy('id')
    assert.lengthOf(stored, 10)
    for (const [index, code] of codes.entries()) {
      const row = stored[index]
      assert.isNull(row.usedAt)
      assert.notInclude(row.codeHash, code)
      assert.notInclude(row.codeHash, code.replace('-', ''))
      assert.match(row.codeHash, /^\$scrypt\$/)
      assert.isTrue(await hash.verify(row.codeHash, code.replace('-', '')))
    }

    const me = await client.get('/api/v1/me').loginAs(user)
    assert.isTrue(me.body().two_factor_enabled)
    // Per user: another account on the same URL is unaffected.
    const other = await UserFactory.create()
    assert.isFalse((await client.get('/api/v1/me').loginAs(other)).body().two_factor_enabled)
  })

  test('enable with a wrong or malformed code is 422 naming code and changes nothing', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const secret = (await client.post('/api/v1/auth/2fa/setup').loginAs(user)).body().secret
    const before = await stateOf(user)

    for (const body of [{ code: wrongCodeAround(secret, currentStep()) }, { code: 'abcdef' }, { code: '12345' }, {}]) {
      const response = await client.post('/api/v1/auth/2fa/enable').json(body).loginAs(user)
      response.assertStatus(422)
      assertFieldError(assert, response.body(), 'code')
    }
    assert.deepEqual(await stateOf(user), before)
    assert.isNull(before.row!.enabledAt)
  })

  test('enabling twice, setup while on and enable without a setup are 409 E_CONFLICT', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const fresh = await UserFactory.create()

    const noSetup = await client.post('/api/v1/auth/2fa/enable').json({ code: '123456' }).loginAs(fresh)
    noSetup.assertStatus(409)
    assert.equal(noSetup.body().error.code, 'E_CONFLICT')
    assert.isNull(await UserTwoFactor.find(fresh.id))

    const { secret } = await enableTwoFactor(client, user)
    const before = await stateOf(user)
    const again = await client.post('/api/v1/auth/2fa/enable').json({ code: codeAt(secret, currentStep()) }).loginAs(user)
    again.assertStatus(409)
    assert.equal(again.body().error.code, 'E_CONFLICT')
    const setup = await client.post('/api/v1/auth/2fa/setup').loginAs(user)
    setup.assertStatus(409)
    assert.equal(setup.body().error.code, 'E_CONFLICT')
    assert.deepEqual(await stateOf(user), before)
  })

  test('setup, enable and disable need a token', async ({ client, assert }) => {
    for (const path of ['setup', 'enable', 'disable']) {
      const response = await client.post(`/api/v1/auth/2fa/${path}`).json({ code: '123456', password: PASSWORD })
      response.assertStatus(401)
      assert.equal(response.body().error.code, 'E_UNAUTHORIZED')
    }
    assert.lengthOf(await UserTwoFactor.all(), 0)
  })
})

test.group('Auth / two-factor sign-in: login and verify', () => {
  test('the right password gets a challenge and no tokens; verify gives the login response', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const { secret, enabledAtStep } = await enableTwoFactor(client, user)
    const sessionsBefore = (await sessionsOf(user)).length

    const login = await passwordLogin(client, user, freshIp(), { device_name: 'Pixel 9', platform: 'mobile-app' })
    login.assertStatus(200)
    assert.deepEqual(Object.keys(login.body()).sort(), ['expires_in', 'two_factor_required', 'two_factor_token'])
    assert.isTrue(login.body().two_factor_required)
    assert.equal(login.body().expires_in, 300)
    assert.notExists(login.header('set-cookie'))
    assert.lengthOf(await sessionsOf(user), sessionsBefore)

    // Opaque and kept only by its hash, for five minutes.
    const token = login.body().two_factor_token as string
    assert.isAtLeast(token.length, 40)
    const key = `auth:2fa:challenge:${sha256(token)}`
    assert.isAbove(await redis.ttl(key), 290)
    assert.notInclude(JSON.stringify(await redis.hgetall(key)), token)

    const ip = freshIp()
    const step = currentStep()
    const verify = await verifyCode(client, token, codeAt(secret, step), ip)
    verify.assertStatus(200)
    const body = verify.body()
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'refresh_token', 'user'])
    assert.equal(body.user.id, user.id)
    assert.isTrue(body.user.two_factor_enabled)
    assert.equal(body.expires_in, 900)

    const session = await LoginSession.findOrFail(claimsOf(body.access_token).sid as number)
    assert.equal(session.userId, user.id)
    assert.equal(session.deviceName, 'Pixel 9')
    assert.equal(session.platform, 'mobile-app')
    assert.equal(session.ipAddress, ip)
    assert.equal(session.status, 'active')
    assert.lengthOf(await sessionsOf(user), sessionsBefore + 1)
    const row = await UserTwoFactor.findOrFail(user.id)
    assert.isAbove(row.lastUsedStep!, enabledAtStep)

    // The tokens work, and the refresh token rotates as after any login.
    ;(await client.get('/api/v1/me').bearerToken(body.access_token)).assertStatus(200)
    const refreshed = await client
      .post('/api/v1/auth/refresh')
      .header('x-forwarded-for', freshIp())
      .json({ refresh_token: body.refresh_token })
    refreshed.assertStatus(200)

    // Single use: the token is gone, even with a good unused code.
    const again = await verifyCode(client, token, codeAt(secret, row.lastUsedStep! + 1))
    again.assertStatus(401)
    assert.equal(again.body().error.code, 'E_UNAUTHORIZED')
    assert.equal(await redis.exists(key), 0)
  })

  test('a login with cookie: true gets its cookies from the verify, not before', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const { secret } = await enableTwoFactor(client, user)
    const login = await passwordLogin(client, user, freshIp(), { cookie: true })
    login.assertStatus(200)
    assert.notExists(login.header('set-cookie'))
    const verify = await verifyCode(client, login.body().two_factor_token, codeAt(secret, currentStep()))
    verify.assertStatus(200)
    const cookies = setCookies(verify)
    assert.equal(cookies.get('access_token')?.value, verify.body().access_token)
    assert.equal(cookies.get('refresh_token')?.value, verify.body().refresh_token)
    assert.exists(cookies.get('csrf_token'))
  })

  test('codes one step early or late are accepted, two steps off refused', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const { secret } = await enableTwoFactor(client, user)
    await ageLastUsedStep(user)
    await awaitStepHeadroom(10)
    const step = currentStep()
    const codes = [-2, -1, 0, 1, 2].map((offset) => codeAt(secret, step + offset))
    // Five distinct codes, so a refusal below is the window's, not a collision's.
    assert.lengthOf(new Set(codes), 5)
    const [twoEarly, oneEarly, , oneLate, twoLate] = codes

    const sessions = (await sessionsOf(user)).length
    const token = await challengeFor(client, user)
    for (const code of [twoEarly, twoLate]) {
      const response = await verifyCode(client, token, code)
      response.assertStatus(422)
      assertFieldError(assert, response.body(), 'code')
    }
    assert.lengthOf(await sessionsOf(user), sessions)
    ;(await verifyCode(client, token, oneEarly)).assertStatus(200)
    ;(await verifyCode(client, await challengeFor(client, user), oneLate)).assertStatus(200)
    assert.lengthOf(await sessionsOf(user), sessions + 2)
    assert.equal((await UserTwoFactor.findOrFail(user.id)).lastUsedStep, step + 1)
  })

  test('a TOTP code is never accepted twice: its step and earlier ones are spent', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const { secret, enabledAtStep } = await enableTwoFactor(client, user)

    // The code that enabled it does not sign in.
    const token = await challengeFor(client, user)
    const replayed = await verifyCode(client, token, codeAt(secret, enabledAtStep))
    replayed.assertStatus(422)
    assertFieldError(assert, replayed.body(), 'code')

    const step = currentStep()
    ;(await verifyCode(client, token, codeAt(secret, step))).assertStatus(200)
    const next = await challengeFor(client, user)
    for (const code of [codeAt(secret, step), codeAt(secret, step - 1)]) {
      const response = await verifyCode(client, next, code)
      response.assertStatus(422)
      assertFieldError(assert, response.body(), 'code')
    }
    assert.equal((await UserTwoFactor.findOrFail(user.id)).lastUsedStep, step)
    // The following step still works on the same token (two wrong codes do not kill it).
    ;(await verifyCode(client, next, codeAt(secret, step + 1))).assertStatus(200)
  })

  test('a recovery code signs in once, in any case and with or without its dash', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const { recoveryCodes } = await enableTwoFactor(client, user)
    const [first, second] = recoveryCodes

    const response = await verifyCode(client, await challengeFor(client, user), first.toUpperCase().replace('-', ''))
    response.assertStatus(200)
    assert.equal(response.body().user.id, user.id)

    const used = await TwoFactorRecoveryCode.query().where('user_id', user.id).whereNotNull('used_at')
    assert.lengthOf(used, 1)
    assert.isTrue(await hash.verify(used[0].codeHash, first.replace('-', '')))
    assert.lengthOf(await TwoFactorRecoveryCode.query().where('user_id', user.id).whereNull('used_at'), 9)

    const token = await challengeFor(client, user)
    const reused = await verifyCode(client, token, first)
    reused.assertStatus(422)
    assertFieldError(assert, reused.body(), 'code')
    ;(await verifyCode(client, token, second)).assertStatus(200)
    assert.lengthOf(await TwoFactorRecoveryCode.query().where('user_id', user.id).whereNull('used_at'), 8)
  })

  test('after 5 wrong codes the token is dead, even for the right code (which stays unspent)', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const { secret } = await enableTwoFactor(client, user)
    const token = await challengeFor(client, user)
    const wrong = wrongCodeAround(secret, currentStep())
    for (let i = 1; i <= 5; i++) {
      const response = await verifyCode(client, token, wrong)
      response.assertStatus(422)
      assertFieldError(assert, response.body(), 'code')
    }
    const before = await stateOf(user)
    const sessions = (await sessionsOf(user)).length
    const right = codeAt(secret, currentStep())
    const dead = await verifyCode(client, token, right)
    dead.assertStatus(401)
    assert.equal(dead.body().error.code, 'E_UNAUTHORIZED')
    assert.deepEqual(await stateOf(user), before)
    assert.lengthOf(await sessionsOf(user), sessions)

    // A new sign-in takes the very code the dead token refused.
    ;(await verifyCode(client, await challengeFor(client, user), right)).assertStatus(200)
  })

  test('an expired or unknown token is 401', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const { secret } = await enableTwoFactor(client, user)
    const sessions = (await sessionsOf(user)).length
    const token = await challengeFor(client, user)
    // Five minutes later (the challenge's Redis key expires).
    await redis.pexpire(`auth:2fa:challenge:${sha256(token)}`, 1)
    await new Promise((resolve) => setTimeout(resolve, 20))
    for (const candidate of [token, 'not-a-token']) {
      const response = await verifyCode(client, candidate, codeAt(secret, currentStep()))
      response.assertStatus(401)
      assert.equal(response.body().error.code, 'E_UNAUTHORIZED')
    }
    assert.lengthOf(await sessionsOf(user), sessions)
  })

  test('verify without its fields is 422 naming each', async ({ client, assert }) => {
    const response = await client.post('/api/v1/auth/2fa/verify').header('x-forwarded-for', freshIp()).json({})
    response.assertStatus(422)
    assert.equal(response.body().error.code, 'E_VALIDATION')
    assert.sameMembers(
      response.body().error.details.map((detail: { field: string }) => detail.field),
      ['two_factor_token', 'code']
    )
  })

  test('wrong codes count toward the account lockout with wrong passwords', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const { secret } = await enableTwoFactor(client, user)
    const [first, second] = [await challengeFor(client, user), await challengeFor(client, user)]
    const ip = freshIp()

    // 5 wrong passwords and 5 wrong codes from one IP: the 10th failure blocks.
    for (let i = 0; i < 5; i++) {
      const response = await client.post('/api/v1/auth/login').header('x-forwarded-for', ip).json({ login: user.username, password: 'guess' })
      response.assertStatus(401)
    }
    await nextMinute()
    const wrong = wrongCodeAround(secret, currentStep())
    for (let i = 0; i < 5; i++) (await verifyCode(client, first, wrong, ip)).assertStatus(422)
    const block = await IpBlock.query().where('ip_address', ip).where('account', `user:${user.id}`).firstOrFail()
    assert.equal(block.reason, 'too_many_failed_codes')
    assert.equal(block.failures, 10)

    await nextMinute()
    const right = codeAt(secret, currentStep())
    const blocked = await verifyCode(client, second, right, ip)
    blocked.assertStatus(403)
    assert.equal(blocked.body().error.code, 'E_IP_BLOCKED')
    assert.exists(blocked.header('retry-after'))
    const login = await passwordLogin(client, user, ip)
    login.assertStatus(403)
    assert.equal(login.body().error.code, 'E_IP_BLOCKED')

    // Only this account from this IP: the same token and code work from elsewhere.
    ;(await verifyCode(client, second, right, freshIp())).assertStatus(200)
  })

  test('an account suspended between the password and the code is refused', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const { secret } = await enableTwoFactor(client, user)
    const token = await challengeFor(client, user)
    const sessions = (await sessionsOf(user)).length
    await user.merge({ suspendedAt: DateTime.now() }).save()
    const response = await verifyCode(client, token, codeAt(secret, currentStep()))
    response.assertStatus(403)
    assert.equal(response.body().error.code, 'E_ACCOUNT_SUSPENDED')
    assert.lengthOf(await sessionsOf(user), sessions)
  })

  test('a wrong password on a 2FA account is the usual 401 and gives no challenge', async ({ client, assert }) => {
    const user = await UserFactory.create()
    await enableTwoFactor(client, user)
    const response = await client.post('/api/v1/auth/login').header('x-forwarded-for', freshIp()).json({ login: user.username, password: 'wrong-password' })
    response.assertStatus(401)
    assert.deepEqual(response.body(), { error: { code: 'E_INVALID_CREDENTIALS', message: 'Invalid login or password' } })
    assert.lengthOf(await redis.keys('auth:2fa:challenge:*'), 0)
  })
})

test.group('Auth / two-factor sign-in: disable', () => {
  async function disable(client: ApiClient, user: User, body: Record<string, unknown>, ip = freshIp()) {
    return client.post('/api/v1/auth/2fa/disable').header('x-forwarded-for', ip).json(body).loginAs(user)
  }

  test('with the password and a TOTP code it is off: rows gone, the password alone signs in', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const { secret } = await enableTwoFactor(client, user)
    const response = await disable(client, user, { password: PASSWORD, code: codeAt(secret, currentStep()) })
    response.assertStatus(204)
    assert.equal(response.text(), '')
    assert.isNull(await UserTwoFactor.find(user.id))
    assert.lengthOf(await TwoFactorRecoveryCode.query().where('user_id', user.id), 0)

    const login = await passwordLogin(client, user)
    login.assertStatus(200)
    assert.exists(login.body().access_token)
    assert.isFalse(login.body().user.two_factor_enabled)

    const again = await disable(client, user, { password: PASSWORD, code: codeAt(secret, currentStep() + 1) })
    again.assertStatus(409)
    assert.equal(again.body().error.code, 'E_CONFLICT')
  })

  test('a recovery code disables it too', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const { recoveryCodes } = await enableTwoFactor(client, user)
    ;(await disable(client, user, { password: PASSWORD, code: recoveryCodes[3] })).assertStatus(204)
    assert.isNull(await UserTwoFactor.find(user.id))
  })

  test('a wrong password is 401, a wrong or missing code 422 naming code; nothing changes', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const { secret, recoveryCodes } = await enableTwoFactor(client, user)
    const before = await stateOf(user)
    const right = codeAt(secret, currentStep())

    const badPassword = await disable(client, user, { password: 'not-my-password', code: right })
    badPassword.assertStatus(401)
    assert.equal(badPassword.body().error.code, 'E_INVALID_CREDENTIALS')

    for (const code of [wrongCodeAround(secret, currentStep()), 'zzzzz-zzzzz', undefined]) {
      const response = await disable(client, user, { password: PASSWORD, code })
      response.assertStatus(422)
      assertFieldError(assert, response.body(), 'code')
    }
    assert.deepEqual(await stateOf(user), before)
    assert.isTrue((await client.get('/api/v1/me').loginAs(user)).body().two_factor_enabled)
    // The right code was not spent by the refused attempts.
    ;(await disable(client, user, { password: PASSWORD, code: recoveryCodes[0] })).assertStatus(204)
  })
})

test.group('Auth / two-factor sign-in: account deletion', () => {
  test('deleting the account deletes its secret and recovery codes', async ({ client, assert }) => {
    const [user, other] = await UserFactory.createMany(2)
    await enableTwoFactor(client, user)
    await enableTwoFactor(client, other)
    const response = await client
      .delete('/api/v1/auth/account')
      .header('x-forwarded-for', freshIp())
      .json({ password: PASSWORD })
      .loginAs(user)
    response.assertStatus(204)
    assert.isNull(await UserTwoFactor.find(user.id))
    assert.lengthOf(await TwoFactorRecoveryCode.query().where('user_id', user.id), 0)
    // Nobody else's.
    assert.exists(await UserTwoFactor.find(other.id))
    assert.lengthOf(await TwoFactorRecoveryCode.query().where('user_id', other.id), 10)
  })
})

test.group('Auth / two-factor sign-in: admin panel', () => {
  function adminLogin(client: ApiClient, form: Record<string, string>) {
    return client.post('/admin/login').header('x-forwarded-for', freshIp()).withCsrfToken().form(form).redirects(0)
  }

  test('a staff account with 2FA needs its code to sign in to the admin panel', async ({ client, assert }) => {
    const page = await client.get('/admin/login')
    assert.match(page.text(), /<input type="text" id="code" name="code"[^>]*autocomplete="one-time-code"/)
    const moderator = await createStaff()
    const { secret } = await enableTwoFactor(client, moderator)

    const cases: [Record<string, string>, string][] = [
      [{}, 'Enter the code from your authenticator app (or a recovery code)'],
      [{ code: wrongCodeAround(secret, currentStep()) }, 'Invalid two-factor code'],
    ]
    for (const [extra, message] of cases) {
      const response = await adminLogin(client, { login: moderator.username, password: PASSWORD, ...extra })
      response.assertStatus(302)
      assert.equal(response.header('location'), '/admin/login')
      assert.equal(response.flashMessages().error, message)
      assert.notExists(response.session()['auth_web'])
      // The login is re-filled; the code, like the password, is never flashed back.
      const flashed = response.flashMessages() as Record<string, unknown>
      assert.equal(flashed.login, moderator.username)
      assert.notProperty(flashed, 'code')
      assert.notProperty(flashed, 'password')
    }

    const step = currentStep()
    const response = await adminLogin(client, { login: moderator.username, password: PASSWORD, code: codeAt(secret, step) })
    response.assertStatus(302)
    assert.equal(response.header('location'), '/admin')
    assert.equal(response.session()['auth_web'], moderator.id)
    // Spent there as on the API.
    assert.equal((await UserTwoFactor.findOrFail(moderator.id)).lastUsedStep, step)
    const replay = await adminLogin(client, { login: moderator.username, password: PASSWORD, code: codeAt(secret, step) })
    assert.equal(replay.flashMessages().error, 'Invalid two-factor code')
  })

  test('staff without 2FA sign in with the password alone, as before', async ({ client, assert }) => {
    const moderator = await createStaff()
    const response = await adminLogin(client, { login: moderator.username, password: PASSWORD })
    response.assertStatus(302)
    assert.equal(response.header('location'), '/admin')
    assert.equal(response.session()['auth_web'], moderator.id)
    assert.lengthOf(await db.from('user_two_factors'), 0)
  })
})
