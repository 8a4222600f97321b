import { test } from '@japa/runner'
import LoginSession from '#models/login_session'
import RefreshToken from '#models/refresh_token'
import { UserFactory } from '#factories/user_factory'
import { freshIp, login } from '#tests/support/auth'

test.group('Auth / sessions and logout', () => {
  test("lists the caller's sessions with the current one marked", async ({ client, assert }) => {
    const alice = await UserFactory.merge({ username: 'alice' }).create()
    const bob = await UserFactory.merge({ username: 'bob' }).create()
    const laptop = await login(client, 'alice', 'Laptop')
    const phone = await login(client, 'alice', 'Phone')
    await login(client, 'bob', 'Bob phone')

    const response = await client.get('/api/v1/auth/sessions').bearerToken(phone.access_token)
    response.assertStatus(200)
    const { data } = response.body()
    assert.lengthOf(data, 2)
    assert.sameMembers(
      data.map((s: { id: number }) => s.id),
      [laptop.sessionId, phone.sessionId]
    )
    for (const session of data) {
      assert.properties(session, [
        'id',
        'device_name',
        'platform',
        'ip_address',
        'status',
        'session_start',
        'last_seen_at',
        'current',
      ])
      assert.equal(session.status, 'active')
      assert.match(session.session_start, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    }
    const current = data.find((s: { current: boolean }) => s.current)
    assert.equal(current.id, phone.sessionId)
    assert.equal(current.device_name, 'Phone')
    assert.notInclude(
      data.map((s: { device_name: string }) => s.device_name),
      'Bob phone'
    )
    assert.lengthOf(await LoginSession.query().where('user_id', alice.id), 2)
    assert.lengthOf(await LoginSession.query().where('user_id', bob.id), 1)
  })

  test('ending another session of mine makes its tokens fail at once', async ({ client, assert }) => {
    await UserFactory.merge({ username: 'alice' }).create()
    const laptop = await login(client, 'alice', 'Laptop')
    const phone = await login(client, 'alice', 'Phone')

    const response = await client
      .delete(`/api/v1/auth/sessions/${laptop.sessionId}`)
      .bearerToken(phone.access_token)
    response.assertStatus(204)

    const session = await LoginSession.findOrFail(laptop.sessionId)
    assert.equal(session.status, 'revoked')
    assert.equal(session.revokedReason, 'revoked')
    ;(await client.get('/api/v1/me').bearerToken(laptop.access_token)).assertStatus(401)
    const refresh = await client
      .post('/api/v1/auth/refresh')
      .header('x-forwarded-for', freshIp())
      .json({ refresh_token: laptop.refresh_token })
    refresh.assertStatus(401)
    ;(await client.get('/api/v1/me').bearerToken(phone.access_token)).assertStatus(200)

    const list = await client.get('/api/v1/auth/sessions').bearerToken(phone.access_token)
    const revoked = list.body().data.find((s: { id: number }) => s.id === laptop.sessionId)
    assert.equal(revoked.status, 'revoked')
  })

  test("IDOR: a user can neither see nor end another user's session", async ({ client, assert }) => {
    await UserFactory.merge({ username: 'alice' }).create()
    await UserFactory.merge({ username: 'mallory' }).create()
    const alice = await login(client, 'alice', 'Laptop')
    const mallory = await login(client, 'mallory', 'Evil laptop')

    const response = await client
      .delete(`/api/v1/auth/sessions/${alice.sessionId}`)
      .bearerToken(mallory.access_token)
    response.assertStatus(404)
    assert.equal(response.body().error.code, 'E_NOT_FOUND')

    const unknown = await client.delete('/api/v1/auth/sessions/999999').bearerToken(mallory.access_token)
    unknown.assertStatus(404)
    assert.deepEqual(unknown.body(), response.body())

    assert.equal((await LoginSession.findOrFail(alice.sessionId)).status, 'active')
    ;(await client.get('/api/v1/me').bearerToken(alice.access_token)).assertStatus(200)
    const list = await client.get('/api/v1/auth/sessions').bearerToken(mallory.access_token)
    assert.deepEqual(
      list.body().data.map((s: { id: number }) => s.id),
      [mallory.sessionId]
    )
  })

  test('session routes need a token', async ({ client }) => {
    ;(await client.get('/api/v1/auth/sessions')).assertStatus(401)
    ;(await client.delete('/api/v1/auth/sessions/1')).assertStatus(401)
    ;(await client.post('/api/v1/auth/logout')).assertStatus(401)
  })

  test("logout ends the session: its access and refresh tokens stop working", async ({ client, assert }) => {
    await UserFactory.merge({ username: 'alice' }).create()
    const laptop = await login(client, 'alice', 'Laptop')
    const phone = await login(client, 'alice', 'Phone')

    const response = await client.post('/api/v1/auth/logout').bearerToken(laptop.access_token)
    response.assertStatus(204)
    assert.equal(response.text(), '')

    const session = await LoginSession.findOrFail(laptop.sessionId)
    assert.equal(session.status, 'revoked')
    assert.equal(session.revokedReason, 'logout')
    assert.isNotNull(session.revokedAt)
    const refreshTokens = await RefreshToken.query().where('session_id', laptop.sessionId)
    assert.isTrue(refreshTokens.every((token) => token.status === 'revoked'))

    ;(await client.get('/api/v1/me').bearerToken(laptop.access_token)).assertStatus(401)
    ;(
      await client
        .post('/api/v1/auth/refresh')
        .header('x-forwarded-for', freshIp())
        .json({ refresh_token: laptop.refresh_token })
    ).assertStatus(401)
    // Other devices stay signed in.
    ;(await client.get('/api/v1/me').bearerToken(phone.access_token)).assertStatus(200)
  })
})
