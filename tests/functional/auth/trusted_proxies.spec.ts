/*
 * X-Forwarded-For is believed only from the proxies in TRUSTED_PROXIES
 * (.env.test names 127.0.0.1, the test client's address). A peer on any
 * other address — here 127.0.0.2, still loopback, still "private" — cannot
 * pick its IP past the rate limits or the sign-in lockout.
 */
import { test } from '@japa/runner'
import LoginSession from '#models/login_session'
import { UserFactory } from '#factories/user_factory'
import { nextMinute, PASSWORD } from '#tests/support/auth'
import { rawRequest } from '#tests/support/raw_http'

const UNTRUSTED_PEER = '127.0.0.2'

function loginFrom(peer: string, forwardedFor: string, login: string, password = PASSWORD) {
  return rawRequest('POST', '/api/v1/auth/login', {
    localAddress: peer,
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ login, password }),
  })
}

test.group('Auth / trusted proxies', () => {
  test('a spoofed X-Forwarded-For from an untrusted peer is ignored: the peer address counts', async ({ assert }) => {
    await nextMinute()
    const user = await UserFactory.create()
    const signedIn = await loginFrom(UNTRUSTED_PEER, '203.0.113.9', user.username)
    assert.equal(signedIn.status, 200, signedIn.body)
    const session = await LoginSession.findByOrFail('user_id', user.id)
    assert.equal(session.ipAddress, UNTRUSTED_PEER)

    // A new X-Forwarded-For on every try does not buy a fresh rate limit (5 a minute per IP).
    const statuses: number[] = []
    for (let i = 1; i <= 5; i++) {
      statuses.push((await loginFrom(UNTRUSTED_PEER, `203.0.113.${20 + i}`, user.username, 'wrong')).status)
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 429])
  })

  test('X-Forwarded-For from a configured proxy names the client', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const response = await client
      .post('/api/v1/auth/login')
      .header('x-forwarded-for', '198.51.100.4, 203.0.113.77')
      .json({ login: user.username, password: PASSWORD })
    response.assertStatus(200)
    // The right-most address not itself a trusted proxy is the client.
    const session = await LoginSession.findByOrFail('user_id', user.id)
    assert.equal(session.ipAddress, '203.0.113.77')
  })
})
