import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { DateTime } from 'luxon'
import type { ApiClient } from '@japa/api-client'
import type { Assert } from '@japa/assert'
import LoginSession from '#models/login_session'
import User from '#models/user'
import { UserFactory } from '#factories/user_factory'
import { localAuthCache } from '#services/auth/local_auth_cache'
import RoleService from '#services/auth/roles'
import { sessionState } from '#services/auth/session_state'
import { peekCachedUser } from '#services/auth/user_cache'
import { claimsOf, endGraceWindow, freshIp, login, PASSWORD, register } from '#tests/support/auth'

/*
 * The guard keeps session state and users in-process (local_auth_cache.ts).
 * Each case first proves the token is served from that cache, then revokes
 * and expects the very next request to be refused.
 */

/** A successful GET /me, after which this process answers for the token without Redis or PostgreSQL. */
async function warm(client: ApiClient, token: string, assert: Assert) {
  ;(await client.get('/api/v1/me').bearerToken(token)).assertStatus(200)
  const claims = claimsOf(token)
  assert.deepEqual(sessionState.peek(claims.sid as number), { state: 'active', userId: Number(claims.sub) })
  assert.isDefined(peekCachedUser(Number(claims.sub)))
}

test.group('Auth / revocation through the in-process auth cache', (group) => {
  group.each.setup(async () => {
    if (!(await localAuthCache.start())) throw new Error('the auth cache bus did not come up')
  })

  test('logout refuses the cached access token on the next request', async ({ client, assert }) => {
    await UserFactory.merge({ username: 'leaver' }).create()
    const session = await login(client, 'leaver')
    await warm(client, session.access_token, assert)

    const logout = await client.post('/api/v1/auth/logout').bearerToken(session.access_token)
    logout.assertStatus(204)

    const me = await client.get('/api/v1/me').bearerToken(session.access_token)
    me.assertStatus(401)
    assert.equal(me.body().error.code, 'E_UNAUTHORIZED')
    assert.equal((await LoginSession.findOrFail(session.sessionId)).status, 'revoked')
  })

  test('DELETE /auth/sessions/:id refuses that session at once, the caller keeps working', async ({
    client,
    assert,
  }) => {
    await UserFactory.merge({ username: 'alice' }).create()
    const laptop = await login(client, 'alice')
    const phone = await login(client, 'alice')
    await warm(client, laptop.access_token, assert)
    await warm(client, phone.access_token, assert)

    const response = await client
      .delete(`/api/v1/auth/sessions/${laptop.sessionId}`)
      .bearerToken(phone.access_token)
    response.assertStatus(204)

    ;(await client.get('/api/v1/me').bearerToken(laptop.access_token)).assertStatus(401)
    ;(await client.get('/api/v1/me').bearerToken(phone.access_token)).assertStatus(200)
    assert.equal((await LoginSession.findOrFail(laptop.sessionId)).status, 'revoked')
    assert.equal((await LoginSession.findOrFail(phone.sessionId)).status, 'active')
  })

  test('a password change refuses the other sessions on their next request', async ({ client, assert }) => {
    await UserFactory.merge({ username: 'changer' }).create()
    const here = await login(client, 'changer')
    const elsewhere = await login(client, 'changer')
    await warm(client, elsewhere.access_token, assert)

    const change = await client
      .post('/api/v1/auth/password/change')
      .bearerToken(here.access_token)
      .json({ current_password: PASSWORD, new_password: 'stronger-passphrase-2026' })
    change.assertStatus(200)

    ;(await client.get('/api/v1/me').bearerToken(elsewhere.access_token)).assertStatus(401)
    ;(await client.get('/api/v1/me').bearerToken(change.body().access_token)).assertStatus(200)
    const other = await LoginSession.findOrFail(elsewhere.sessionId)
    assert.equal(other.status, 'revoked')
    assert.equal(other.revokedReason, 'password_change')
  })

  test('refresh-token reuse refuses every cached access token of the session', async ({ client, assert }) => {
    const member = await register(client)
    const ip = freshIp()
    await warm(client, member.access_token, assert)
    const rotated = await client
      .post('/api/v1/auth/refresh')
      .header('x-forwarded-for', ip)
      .json({ refresh_token: member.refresh_token })
    rotated.assertStatus(200)
    const newAccess = rotated.body().access_token as string
    await warm(client, newAccess, assert)
    await endGraceWindow(member.refresh_token)

    const reuse = await client
      .post('/api/v1/auth/refresh')
      .header('x-forwarded-for', ip)
      .json({ refresh_token: member.refresh_token })
    reuse.assertStatus(401)

    ;(await client.get('/api/v1/me').bearerToken(newAccess)).assertStatus(401)
    ;(await client.get('/api/v1/me').bearerToken(member.access_token)).assertStatus(401)
    const session = await LoginSession.findOrFail(claimsOf(newAccess).sid as number)
    assert.equal(session.revokedReason, 'refresh_token_reuse')
  })

  test('a suspension applies to the next request although the user was cached', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const session = await login(client, user.username)
    await warm(client, session.access_token, assert)

    user.suspendedAt = DateTime.now()
    await user.save()

    const me = await client.get('/api/v1/me').bearerToken(session.access_token)
    me.assertStatus(403)
    assert.equal(me.body().error.code, 'E_ACCOUNT_SUSPENDED')
    assert.isNotNull((await User.findOrFail(user.id)).suspendedAt)
  })

  test('a role change applies to the next request although the user was cached', async ({ client, assert }) => {
    const user = await UserFactory.merge({ username: 'curator', role: 'moderator' }).create()
    const session = await login(client, 'curator')
    await warm(client, session.access_token, assert)
    // As a moderator, the catalogue route gets past authorisation (then fails validation).
    const before = await client.post('/api/v1/movies').bearerToken(session.access_token).json({})
    before.assertStatus(422)

    await (await app.container.make(RoleService)).setRole('curator', 'user')

    const after = await client.post('/api/v1/movies').bearerToken(session.access_token).json({})
    after.assertStatus(403)
    assert.equal(after.body().error.code, 'E_FORBIDDEN')
    const me = await client.get('/api/v1/me').bearerToken(session.access_token)
    assert.equal(me.body().role, 'user')
    assert.equal((await User.findOrFail(user.id)).role, 'user')
  })

  test('a user cached here is a copy: changing it on one request does not leak into the next', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.merge({ displayName: 'Original' }).create()
    const session = await login(client, user.username)
    await warm(client, session.access_token, assert)

    const copy = peekCachedUser(user.id)!
    copy.displayName = 'Changed in memory only'
    assert.equal(peekCachedUser(user.id)!.displayName, 'Original')
    const me = await client.get('/api/v1/me').bearerToken(session.access_token)
    assert.equal(me.body().display_name, 'Original')
  })
})
