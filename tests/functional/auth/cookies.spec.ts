import { test } from '@japa/runner'
import LoginSession from '#models/login_session'
import User from '#models/user'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import { claimsOf, freshIp, PASSWORD, setCookies } from '#tests/support/auth'
import type { ApiClient } from '@japa/api-client'

async function cookieLogin(client: ApiClient) {
  const user = await UserFactory.merge({ username: 'webby', displayName: 'Before' }).create()
  const response = await client
    .post('/api/v1/auth/login')
    .header('x-forwarded-for', freshIp())
    .json({ login: 'webby', password: PASSWORD, cookie: true })
  response.assertStatus(200)
  const cookies = setCookies(response)
  return {
    user,
    response,
    cookies,
    access: cookies.get('access_token')!.value,
    refresh: cookies.get('refresh_token')!.value,
    csrf: cookies.get('csrf_token')!.value,
  }
}

const cookieHeader = (values: Record<string, string>) =>
  Object.entries(values)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ')

test.group('Auth / cookie mode', () => {
  test('login with cookie: true sets HttpOnly token cookies and a readable CSRF cookie', async ({ assert, client }) => {
    const { response, cookies, access, refresh } = await cookieLogin(client)
    assert.equal(response.body().access_token, access)
    assert.equal(response.body().refresh_token, refresh)

    const accessCookie = cookies.get('access_token')!
    assert.include(accessCookie.attributes, 'httponly')
    assert.include(accessCookie.attributes, 'samesite=lax')
    assert.include(accessCookie.attributes, 'path=/')
    assert.include(accessCookie.attributes, 'max-age=900')
    // Not Secure outside production (tests run over plain HTTP).
    assert.notInclude(accessCookie.attributes, 'secure')

    const refreshCookie = cookies.get('refresh_token')!
    assert.include(refreshCookie.attributes, 'httponly')
    assert.include(refreshCookie.attributes, 'path=/api/v1/auth')

    const csrfCookie = cookies.get('csrf_token')!
    assert.notInclude(csrfCookie.attributes, 'httponly')
    assert.isAtLeast(csrfCookie.value.length, 24)
  })

  test('the access cookie authenticates reads without a CSRF header', async ({ client, assert }) => {
    const { user, access, csrf } = await cookieLogin(client)
    const response = await client
      .get('/api/v1/me')
      .header('cookie', cookieHeader({ access_token: access, csrf_token: csrf }))
    response.assertStatus(200)
    assert.equal(response.body().id, user.id)
  })

  test('the access cookie adds per-user fields on public endpoints', async ({ client, assert }) => {
    const { access } = await cookieLogin(client)
    await MovieFactory.create()
    const response = await client.get('/api/v1/movies').header('cookie', cookieHeader({ access_token: access }))
    response.assertStatus(200)
    assert.properties(response.body().data[0], ['user_rating', 'in_watchlist', 'is_favorite'])
    const anonymous = await client.get('/api/v1/movies')
    assert.notProperty(anonymous.body().data[0], 'in_watchlist')
  })

  test('a write authenticated by cookie needs X-CSRF-Token equal to the csrf_token cookie', async ({
    client,
    assert,
  }) => {
    const { user, access, csrf } = await cookieLogin(client)
    const cookie = cookieHeader({ access_token: access, csrf_token: csrf })

    const missing = await client.patch('/api/v1/me').header('cookie', cookie).json({ display_name: 'Hacked' })
    missing.assertStatus(403)
    assert.equal(missing.body().error.code, 'E_FORBIDDEN')

    const wrong = await client
      .patch('/api/v1/me')
      .header('cookie', cookie)
      .header('x-csrf-token', `${csrf[0] === 'a' ? 'b' : 'a'}${csrf.slice(1)}`)
      .json({ display_name: 'Hacked' })
    wrong.assertStatus(403)
    await user.refresh()
    assert.equal(user.displayName, 'Before')

    const ok = await client
      .patch('/api/v1/me')
      .header('cookie', cookie)
      .header('x-csrf-token', csrf)
      .json({ display_name: 'After' })
    ok.assertStatus(200)
    assert.equal((await User.findOrFail(user.id)).displayName, 'After')
  })

  test('a bearer token needs no CSRF header even when cookies are present', async ({ client }) => {
    const { access } = await cookieLogin(client)
    const response = await client
      .patch('/api/v1/me')
      .bearerToken(access)
      .header('cookie', 'csrf_token=something-else')
      .json({ display_name: 'Bearer' })
    response.assertStatus(200)
  })

  test('refresh by cookie rotates the cookies, and needs the CSRF header', async ({ client, assert }) => {
    const { access, refresh, csrf } = await cookieLogin(client)
    const cookie = cookieHeader({ refresh_token: refresh, csrf_token: csrf })

    const refused = await client
      .post('/api/v1/auth/refresh')
      .header('x-forwarded-for', freshIp())
      .header('cookie', cookie)
      .json({})
    refused.assertStatus(403)

    const response = await client
      .post('/api/v1/auth/refresh')
      .header('x-forwarded-for', freshIp())
      .header('cookie', cookie)
      .header('x-csrf-token', csrf)
      .json({})
    response.assertStatus(200)
    const rotated = setCookies(response)
    assert.notEqual(rotated.get('refresh_token')!.value, refresh)
    assert.equal(rotated.get('access_token')!.value, response.body().access_token)
    assert.equal(claimsOf(rotated.get('access_token')!.value).sid, claimsOf(access).sid)
  })

  test('logout by cookie clears the cookies and ends the session', async ({ client, assert }) => {
    const { access, csrf } = await cookieLogin(client)
    const cookie = cookieHeader({ access_token: access, csrf_token: csrf })

    const refused = await client.post('/api/v1/auth/logout').header('cookie', cookie)
    refused.assertStatus(403)

    const response = await client.post('/api/v1/auth/logout').header('cookie', cookie).header('x-csrf-token', csrf)
    response.assertStatus(204)
    const cleared = setCookies(response)
    for (const name of ['access_token', 'refresh_token', 'csrf_token']) {
      assert.equal(cleared.get(name)!.value, '')
      assert.match(cleared.get(name)!.attributes, /max-age=-1|expires=thu, 01 jan 1970/)
    }
    assert.equal((await LoginSession.findOrFail(claimsOf(access).sid as number)).status, 'revoked')
    ;(await client.get('/api/v1/me').header('cookie', cookie)).assertStatus(401)
  })
})
