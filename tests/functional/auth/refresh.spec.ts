import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import LoginSession from '#models/login_session'
import RefreshToken from '#models/refresh_token'
import { UserFactory } from '#factories/user_factory'
import { accessTokens } from '#services/auth/access_tokens'
import { sha256 } from '#services/auth/secrets'
import { claimsOf, endGraceWindow, freshIp, register } from '#tests/support/auth'

test.group('Auth / refresh', () => {
  test('rotates the pair: the old refresh token dies, the new tokens work', async ({ client, assert }) => {
    const member = await register(client)
    const sessionId = claimsOf(member.access_token).sid as number

    const response = await client
      .post('/api/v1/auth/refresh')
      .header('x-forwarded-for', freshIp())
      .json({ refresh_token: member.refresh_token })
    response.assertStatus(200)
    const body = response.body()
    assert.properties(body, ['access_token', 'refresh_token', 'expires_in'])
    assert.notEqual(body.refresh_token, member.refresh_token)
    assert.equal(claimsOf(body.access_token).sid, sessionId)

    const old = await RefreshToken.findByOrFail('token_hash', sha256(member.refresh_token))
    assert.equal(old.status, 'rotated')
    assert.isNotNull(old.usedAt)
    const fresh = await RefreshToken.findByOrFail('token_hash', sha256(body.refresh_token))
    assert.equal(fresh.status, 'active')
    assert.equal(fresh.sessionId, sessionId)

    const me = await client.get('/api/v1/me').bearerToken(body.access_token)
    me.assertStatus(200)
    const again = await client
      .post('/api/v1/auth/refresh')
      .header('x-forwarded-for', freshIp())
      .json({ refresh_token: body.refresh_token })
    again.assertStatus(200)
  })

  test('reusing a rotated refresh token after the grace window revokes the whole session', async ({ client, assert }) => {
    const member = await register(client)
    const sessionId = claimsOf(member.access_token).sid as number
    const ip = freshIp()

    const first = await client.post('/api/v1/auth/refresh').header('x-forwarded-for', ip).json({
      refresh_token: member.refresh_token,
    })
    first.assertStatus(200)
    const { access_token: newAccess, refresh_token: newRefresh } = first.body()
    await endGraceWindow(member.refresh_token)

    // A thief (or a replay) presents the old one.
    const reuse = await client.post('/api/v1/auth/refresh').header('x-forwarded-for', ip).json({
      refresh_token: member.refresh_token,
    })
    reuse.assertStatus(401)
    assert.equal(reuse.body().error.code, 'E_UNAUTHORIZED')

    const session = await LoginSession.findOrFail(sessionId)
    assert.equal(session.status, 'revoked')
    assert.equal(session.revokedReason, 'refresh_token_reuse')
    const tokens = await RefreshToken.query().where('session_id', sessionId)
    assert.isTrue(tokens.every((token) => token.status !== 'active'))

    // Every token of the session is dead from the next request on.
    ;(await client.get('/api/v1/me').bearerToken(newAccess)).assertStatus(401)
    ;(await client.get('/api/v1/me').bearerToken(member.access_token)).assertStatus(401)
    const newer = await client.post('/api/v1/auth/refresh').header('x-forwarded-for', ip).json({
      refresh_token: newRefresh,
    })
    newer.assertStatus(401)
  })

  test('15 parallel refreshes with one token (tabs racing) all get the same new pair and the session lives', async ({ client, assert }) => {
    const member = await register(client)
    const sessionId = claimsOf(member.access_token).sid as number
    const ip = freshIp()

    const responses = await Promise.all(
      Array.from({ length: 15 }, () =>
        client.post('/api/v1/auth/refresh').header('x-forwarded-for', ip).json({ refresh_token: member.refresh_token })
      )
    )
    assert.deepEqual(
      responses.map((response) => response.status()),
      Array(15).fill(200)
    )
    const pairs = new Set(responses.map((response) => `${response.body().access_token} ${response.body().refresh_token}`))
    assert.equal(pairs.size, 1)
    const { access_token: access, refresh_token: refresh } = responses[0].body()

    const session = await LoginSession.findOrFail(sessionId)
    assert.equal(session.status, 'active')
    // One rotation: the old token and exactly one successor, which is the active one.
    const tokens = await RefreshToken.query().where('session_id', sessionId).orderBy('id')
    assert.deepEqual(
      tokens.map((token) => token.status),
      ['rotated', 'active']
    )
    assert.equal(tokens[1].tokenHash, sha256(refresh))
    // Nothing in the table is a usable token: the successor pair is sealed, not stored in clear.
    assert.notInclude(tokens[0].successorSealed!, refresh)
    assert.notInclude(JSON.stringify(await db.from('refresh_tokens')), refresh)

    ;(await client.get('/api/v1/me').bearerToken(access)).assertStatus(200)
    const next = await client.post('/api/v1/auth/refresh').header('x-forwarded-for', ip).json({ refresh_token: refresh })
    next.assertStatus(200)
  })

  test('within the grace window the old token replays only while its successor is unused', async ({ client, assert }) => {
    const member = await register(client)
    const sessionId = claimsOf(member.access_token).sid as number
    const ip = freshIp()
    const refresh = (token: string) => client.post('/api/v1/auth/refresh').header('x-forwarded-for', ip).json({ refresh_token: token })

    const first = await refresh(member.refresh_token)
    first.assertStatus(200)
    const replay = await refresh(member.refresh_token)
    replay.assertStatus(200)
    assert.deepEqual(replay.body(), first.body())

    // The successor has been used itself: the chain moved on, the old token is plain reuse now.
    ;(await refresh(first.body().refresh_token)).assertStatus(200)
    const stale = await refresh(member.refresh_token)
    stale.assertStatus(401)
    const session = await LoginSession.findOrFail(sessionId)
    assert.equal(session.status, 'revoked')
    assert.equal(session.revokedReason, 'refresh_token_reuse')
  })

  test('an unknown refresh token is 401 and a missing one 422', async ({ client, assert }) => {
    const unknown = await client
      .post('/api/v1/auth/refresh')
      .header('x-forwarded-for', freshIp())
      .json({ refresh_token: 'not-a-real-token' })
    unknown.assertStatus(401)
    assert.equal(unknown.body().error.code, 'E_UNAUTHORIZED')

    const missing = await client.post('/api/v1/auth/refresh').header('x-forwarded-for', freshIp()).json({})
    missing.assertStatus(422)
    assert.equal(missing.body().error.details[0].field, 'refresh_token')
  })

  test('an expired refresh token is 401 E_TOKEN_EXPIRED and stays unusable', async ({ client, assert }) => {
    const member = await register(client)
    await RefreshToken.query()
      .where('token_hash', sha256(member.refresh_token))
      .update({ expiresAt: DateTime.now().minus({ minutes: 1 }).toSQL() })
    const response = await client
      .post('/api/v1/auth/refresh')
      .header('x-forwarded-for', freshIp())
      .json({ refresh_token: member.refresh_token })
    response.assertStatus(401)
    assert.equal(response.body().error.code, 'E_TOKEN_EXPIRED')
    const token = await RefreshToken.findByOrFail('token_hash', sha256(member.refresh_token))
    assert.equal(token.status, 'active')
    assert.lengthOf(await RefreshToken.query().where('session_id', token.sessionId), 1)
  })

  test('a suspended account cannot refresh', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const login = await client
      .post('/api/v1/auth/login')
      .header('x-forwarded-for', freshIp())
      .json({ login: user.username, password: 'correct-horse-battery' })
    user.suspendedAt = DateTime.now()
    await user.save()
    const response = await client
      .post('/api/v1/auth/refresh')
      .header('x-forwarded-for', freshIp())
      .json({ refresh_token: login.body().refresh_token })
    response.assertStatus(403)
    assert.equal(response.body().error.code, 'E_ACCOUNT_SUSPENDED')
    assert.lengthOf(await RefreshToken.query().where('status', 'rotated'), 0)
  })

  test('works with an expired access token still attached', async ({ client, assert }) => {
    const member = await register(client)
    const claims = claimsOf(member.access_token)
    const expired = await accessTokens.issue(member.id, claims.sid as number, Date.now() - 20 * 60 * 1000)
    ;(await client.get('/api/v1/me').bearerToken(expired.token)).assertStatus(401)

    const response = await client
      .post('/api/v1/auth/refresh')
      .header('x-forwarded-for', freshIp())
      .bearerToken(expired.token)
      .json({ refresh_token: member.refresh_token })
    response.assertStatus(200)
    assert.equal(claimsOf(response.body().access_token).sid, claims.sid)
  })
})
