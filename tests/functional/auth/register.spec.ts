import { test } from '@japa/runner'
import hash from '@adonisjs/core/services/hash'
import User from '#models/user'
import LoginSession from '#models/login_session'
import RefreshToken from '#models/refresh_token'
import { GenreFactory } from '#factories/genre_factory'
import { UserFactory } from '#factories/user_factory'
import { claimsOf, freshIp, mailedCode, PASSWORD } from '#tests/support/auth'
import { smtpSink } from '#tests/support/smtp_sink'

test.group('Auth / register', () => {
  test('creates the account, signs it in at once and mails a verification code', async ({ client, assert }) => {
    const [drama, comedy] = await GenreFactory.createMany(2)
    const response = await client
      .post('/api/v1/auth/register')
      .header('x-forwarded-for', freshIp())
      .header('user-agent', 'MarqueeTest/1.0')
      .json({
        username: 'Alice_1',
        email: 'alice@example.test',
        password: PASSWORD,
        password_confirmation: PASSWORD,
        display_name: 'Alice',
        first_name: 'Alice',
        last_name: 'Liddell',
        birth_date: '1990-05-04',
        genre_ids: [drama.id, comedy.id],
        device_name: 'Pixel 9',
        platform: 'mobile-app',
      })

    response.assertStatus(201)
    const body = response.body()
    assert.properties(body, ['user', 'access_token', 'refresh_token', 'expires_in'])
    assert.equal(body.expires_in, 900)
    assert.include(body.user, {
      username: 'Alice_1',
      email: 'alice@example.test',
      display_name: 'Alice',
      first_name: 'Alice',
      last_name: 'Liddell',
      birth_date: '1990-05-04',
      role: 'user',
      email_verified: false,
      maturity_filter: 'all',
      is_private: false,
      preferred_language: 'en',
    })
    assert.sameMembers(
      body.user.genres.map((g: { id: number }) => g.id),
      [drama.id, comedy.id]
    )
    assert.deepEqual(body.user.stats, { ratings: 0, reviews: 0, friends: 0, watchlist: 0, favorites: 0 })
    assert.notProperty(body.user, 'password')

    const user = await User.findByOrFail('username', 'Alice_1')
    assert.notEqual(user.password, PASSWORD)
    assert.match(user.password!, /^\$scrypt\$/)
    assert.isTrue(await hash.verify(user.password!, PASSWORD))

    const claims = claimsOf(body.access_token)
    assert.equal(claims.sub, String(user.id))
    assert.equal(claims.type, 'access')
    assert.equal(claims.exp! - claims.iat!, 900)
    const session = await LoginSession.findOrFail(claims.sid as number)
    assert.include(session.$attributes, {
      userId: user.id,
      deviceName: 'Pixel 9',
      platform: 'mobile-app',
      status: 'active',
    })
    const refresh = await RefreshToken.findByOrFail('session_id', session.id)
    assert.notEqual(refresh.tokenHash, body.refresh_token)
    assert.lengthOf(refresh.tokenHash, 64)

    const code = await mailedCode('alice@example.test')
    assert.match(code, /^\d{6}$/)
    const me = await client.get('/api/v1/me').bearerToken(body.access_token)
    me.assertStatus(200)
    assert.equal(me.body().id, user.id)
  })

  test('409 names every taken field, case-insensitively, and creates nothing', async ({ client, assert }) => {
    await UserFactory.merge({ username: 'taken_name', email: 'taken@example.test' }).create()
    const response = await client
      .post('/api/v1/auth/register')
      .header('x-forwarded-for', freshIp())
      .json({
        username: 'TAKEN_NAME',
        email: 'Taken@Example.test',
        password: PASSWORD,
        password_confirmation: PASSWORD,
      })
    response.assertStatus(409)
    assert.equal(response.body().error.code, 'E_CONFLICT')
    assert.sameMembers(
      response.body().error.details.map((d: { field: string }) => d.field),
      ['username', 'email']
    )
    assert.lengthOf(await User.all(), 1)
    assert.lengthOf(await LoginSession.all(), 0)
  })

  test('422 lists every invalid field and writes nothing', async ({ client, assert }) => {
    const response = await client
      .post('/api/v1/auth/register')
      .header('x-forwarded-for', freshIp())
      .json({
        username: 'a b',
        email: 'not-an-email',
        password: 'short',
        password_confirmation: 'different',
        birth_date: '2999-01-01',
        genre_ids: [1, 1],
      })
    response.assertStatus(422)
    assert.equal(response.body().error.code, 'E_VALIDATION')
    const fields = response.body().error.details.map((d: { field: string }) => d.field)
    for (const field of ['username', 'email', 'password', 'birth_date']) assert.include(fields, field)
    assert.lengthOf(await User.all(), 0)
    assert.lengthOf(smtpSink.messagesTo('not-an-email'), 0)
  })

  test('unknown genre ids are a 422 on genre_ids', async ({ client, assert }) => {
    const response = await client
      .post('/api/v1/auth/register')
      .header('x-forwarded-for', freshIp())
      .json({
        username: 'bob_genres',
        email: 'bob@example.test',
        password: PASSWORD,
        password_confirmation: PASSWORD,
        genre_ids: [999_999],
      })
    response.assertStatus(422)
    assert.equal(response.body().error.details[0].field, 'genre_ids')
    assert.lengthOf(await User.all(), 0)
  })

  test('the password must be at least 8 characters', async ({ client, assert }) => {
    const response = await client
      .post('/api/v1/auth/register')
      .header('x-forwarded-for', freshIp())
      .json({ username: 'shorty', email: 's@example.test', password: '1234567', password_confirmation: '1234567' })
    response.assertStatus(422)
    assert.deepInclude(
      response.body().error.details.map((d: { field: string; rule: string }) => ({ field: d.field, rule: d.rule })),
      { field: 'password', rule: 'minLength' }
    )
    assert.lengthOf(await User.all(), 0)
  })
})
