import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { DateTime } from 'luxon'
import { SignJWT, base64url } from 'jose'
import redis from '@adonisjs/redis/services/main'
import LoginSession from '#models/login_session'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import { accessTokens } from '#services/auth/access_tokens'
import LoginSessionService from '#services/auth/login_sessions'
import { deriveKey } from '#services/auth/secrets'
import { authSettings } from '#auth/auth_settings'

async function signedIn() {
  const user = await UserFactory.create()
  const loginSessions = await app.container.make(LoginSessionService)
  const { session, tokens } = await loginSessions.start(user, { ip: '127.0.0.1' })
  return { user, session, token: tokens.access_token }
}

function forge(header: object, payload: object, signature = '') {
  const encode = (part: object) => base64url.encode(JSON.stringify(part))
  return `${encode(header)}.${encode(payload)}.${signature}`
}

test.group('Auth / access tokens (JWT guard)', () => {
  test('no token or a malformed header is 401 E_UNAUTHORIZED', async ({ client, assert }) => {
    const none = await client.get('/api/v1/me')
    none.assertStatus(401)
    assert.equal(none.body().error.code, 'E_UNAUTHORIZED')

    for (const header of ['Bearer', 'Basic dXNlcjpwYXNz', 'Bearer not.a.jwt', 'Bearer abc']) {
      const response = await client.get('/api/v1/me').header('authorization', header)
      response.assertStatus(401)
      assert.equal(response.body().error.code, 'E_UNAUTHORIZED')
    }
  })

  test('a valid token authenticates, claims sub/sid/type/iat/exp', async ({ client, assert }) => {
    const { user, session, token } = await signedIn()
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()))
    assert.equal(header.alg, 'HS256')
    assert.equal(payload.sub, String(user.id))
    assert.equal(payload.sid, session.id)
    assert.equal(payload.type, 'access')
    assert.equal(payload.exp - payload.iat, 15 * 60)

    const response = await client.get('/api/v1/me').bearerToken(token)
    response.assertStatus(200)
    assert.equal(response.body().id, user.id)
  })

  test('alg "none" is refused', async ({ client, assert }) => {
    const { user, session } = await signedIn()
    const now = Math.floor(Date.now() / 1000)
    const unsigned = forge(
      { alg: 'none', typ: 'JWT' },
      {
        sub: String(user.id),
        sid: session.id,
        type: 'access',
        iat: now,
        exp: now + 900,
        iss: authSettings.issuer,
        aud: authSettings.audience,
      }
    )
    const response = await client.get('/api/v1/me').header('authorization', `Bearer ${unsigned}`)
    response.assertStatus(401)
    assert.equal(response.body().error.code, 'E_UNAUTHORIZED')
  })

  test('a tampered payload or a token signed with another key is refused', async ({ client, assert }) => {
    const { token } = await signedIn()
    const victim = await UserFactory.create()
    const [header, payload, signature] = token.split('.')
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString())
    const tampered = `${header}.${base64url.encode(JSON.stringify({ ...claims, sub: String(victim.id) }))}.${signature}`
    const response = await client.get('/api/v1/me').header('authorization', `Bearer ${tampered}`)
    response.assertStatus(401)
    assert.equal(response.body().error.code, 'E_UNAUTHORIZED')

    const otherKey = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('an-attacker-guessed-this-key-0123456789'))
    const forged = await client.get('/api/v1/me').header('authorization', `Bearer ${otherKey}`)
    forged.assertStatus(401)
  })

  test('a correctly signed token that is not an access token is refused', async ({ client }) => {
    const { user, session } = await signedIn()
    const refreshTyped = await new SignJWT({ sid: session.id, type: 'refresh' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(user.id))
      .setIssuer(authSettings.issuer)
      .setAudience(authSettings.audience)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(deriveKey('jwt-access-hs256'))
    const response = await client.get('/api/v1/me').header('authorization', `Bearer ${refreshTyped}`)
    response.assertStatus(401)
  })

  test('an expired token is 401 E_TOKEN_EXPIRED', async ({ client, assert }) => {
    const { user, session } = await signedIn()
    const { token } = await accessTokens.issue(user.id, session.id, Date.now() - 16 * 60 * 1000)
    const response = await client.get('/api/v1/me').bearerToken(token)
    response.assertStatus(401)
    assert.equal(response.body().error.code, 'E_TOKEN_EXPIRED')
    // Public endpoints refuse it too, so the client knows to refresh.
    const publicResponse = await client.get('/api/v1/genres').bearerToken(token)
    publicResponse.assertStatus(401)
    assert.equal(publicResponse.body().error.code, 'E_TOKEN_EXPIRED')
  })

  test("a deleted user's token is refused", async ({ client, assert }) => {
    const { user, token } = await signedIn()
    await user.delete()
    const response = await client.get('/api/v1/me').bearerToken(token)
    response.assertStatus(401)
    assert.equal(response.body().error.code, 'E_UNAUTHORIZED')
    assert.lengthOf(await LoginSession.all(), 0)
  })

  test("a suspended user's token gets 403 E_ACCOUNT_SUSPENDED on every request", async ({ client, assert }) => {
    const { user, token } = await signedIn()
    await MovieFactory.create()
    assert.equal((await client.get('/api/v1/me').bearerToken(token)).status(), 200)

    user.suspendedAt = DateTime.now()
    await user.save()
    const requests = [
      client.get('/api/v1/me').bearerToken(token),
      client.get('/api/v1/movies').bearerToken(token),
      client.get('/api/v1/auth/sessions').bearerToken(token),
      client.post('/api/v1/auth/logout').bearerToken(token),
    ]
    for (const request of requests) {
      const response = await request
      response.assertStatus(403)
      assert.equal(response.body().error.code, 'E_ACCOUNT_SUSPENDED')
    }
    // The refused logout changed nothing.
    assert.equal((await LoginSession.findByOrFail('user_id', user.id)).status, 'active')
  })

  test('session state is read from Redis: a revocation there is honoured without the database', async ({
    client,
    assert,
  }) => {
    const { session, token } = await signedIn()
    assert.equal(await redis.get(`auth:session:${session.id}`), String(session.userId))

    await redis.set(`auth:session:${session.id}`, 'revoked')
    const response = await client.get('/api/v1/me').bearerToken(token)
    response.assertStatus(401)
    // PostgreSQL still says active: only the Redis state refused it.
    assert.equal((await LoginSession.findOrFail(session.id)).status, 'active')
  })

  test('when Redis has lost the state, PostgreSQL decides and Redis learns it', async ({ client, assert }) => {
    const { session, token } = await signedIn()
    await redis.del(`auth:session:${session.id}`)
    const active = await client.get('/api/v1/me').bearerToken(token)
    active.assertStatus(200)
    assert.equal(await redis.get(`auth:session:${session.id}`), String(session.userId))

    const other = await signedIn()
    await redis.del(`auth:session:${other.session.id}`)
    await LoginSession.query().where('id', other.session.id).update({ status: 'revoked' })
    const revoked = await client.get('/api/v1/me').bearerToken(other.token)
    revoked.assertStatus(401)
  })

  test("Japa's loginAs goes through the JWT guard with a real login session", async ({ client, assert }) => {
    const user = await UserFactory.create()
    const response = await client.get('/api/v1/me').loginAs(user)
    response.assertStatus(200)
    assert.equal(response.body().id, user.id)
    const sessions = await LoginSession.query().where('user_id', user.id)
    assert.lengthOf(sessions, 1)
    assert.equal(sessions[0].status, 'active')
  })
})
