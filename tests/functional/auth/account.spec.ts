import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import drive from '@adonisjs/drive/services/main'
import LoginSession from '#models/login_session'
import Movie from '#models/movie'
import User from '#models/user'
import { GenreFactory } from '#factories/genre_factory'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import { freshIp, PASSWORD, register } from '#tests/support/auth'

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082',
  'hex'
)

test.group('Auth / username availability', () => {
  test('answers for taken (any case) and free names, and validates the name', async ({ client, assert }) => {
    await UserFactory.merge({ username: 'Taken_One' }).create()
    const user = await UserFactory.create()

    const taken = await client.get('/api/v1/auth/username-available').qs({ username: 'taken_one' })
    taken.assertStatus(200)
    assert.deepEqual(taken.body(), { available: false })

    const free = await client.get('/api/v1/auth/username-available').qs({ username: 'free_name' })
    assert.deepEqual(free.body(), { available: true })

    for (const username of ['', 'ab', 'has space', 'x'.repeat(31), 'ml_123']) {
      const invalid = await client.get('/api/v1/auth/username-available').qs({ username })
      invalid.assertStatus(422)
      assert.equal(invalid.body().error.details[0].field, 'username')
    }
    assert.lengthOf(await User.all(), 2)
    assert.exists(user.id)
  })
})

test.group('Auth / delete account', () => {
  test('a wrong password is 422 naming the field and deletes nothing', async ({ client, assert }) => {
    const member = await register(client)
    const response = await client
      .delete('/api/v1/auth/account')
      .bearerToken(member.access_token)
      .json({ password: 'wrong-password' })
    response.assertStatus(422)
    assert.deepEqual(response.body().error.details, [
      { field: 'password', rule: 'current_password', message: 'The password is incorrect' },
    ])
    assert.exists(await User.find(member.id))
    ;(await client.get('/api/v1/me').bearerToken(member.access_token)).assertStatus(200)
    ;(await client.delete('/api/v1/auth/account').json({ password: PASSWORD })).assertStatus(401)
  })

  test('deletes the account, its personal data and its public content', async ({ client, assert }) => {
    const [genre] = await GenreFactory.createMany(1)
    const member = await register(client, { genre_ids: [genre.id], display_name: 'Leaving Soon' })
    const bystander = await UserFactory.create()
    const [first, second] = await MovieFactory.createMany(2)
    await db.table('ratings').multiInsert([
      { user_id: member.id, movie_id: first.id, rating: 4.5, review: 'Loved it' },
      { user_id: bystander.id, movie_id: first.id, rating: 2.5 },
      { user_id: member.id, movie_id: second.id, rating: 3 },
    ])
    await db.table('watchlist_items').insert({ user_id: member.id, movie_id: second.id })
    await db.table('favorites').insert({ user_id: member.id, movie_id: first.id })
    const avatar = await client
      .put('/api/v1/me/avatar')
      .bearerToken(member.access_token)
      .file('avatar', PNG, { filename: 'me.png' })
    avatar.assertStatus(200)
    const avatarKey = (await User.findOrFail(member.id)).avatarPath!
    assert.isTrue(await drive.use().exists(avatarKey))
    // The catalogue has cached the average with this user's rating in it.
    const before = await client.get(`/api/v1/movies/${first.id}`)
    assert.equal(before.body().average_rating, 3.5)

    const response = await client
      .delete('/api/v1/auth/account')
      .bearerToken(member.access_token)
      .json({ password: PASSWORD })
    response.assertStatus(204)

    assert.isNull(await User.find(member.id))
    const personalTables = [
      'ratings',
      'watchlist_items',
      'favorites',
      'user_genres',
      'login_sessions',
      'email_verifications',
    ]
    for (const table of personalTables) {
      const rows = await db.from(table).where('user_id', member.id)
      assert.lengthOf(rows, 0, `${table} still holds rows of the deleted user`)
    }
    assert.isFalse(await drive.use().exists(avatarKey))
    // Other users' data stays; the averages no longer count the deleted ratings.
    assert.exists(await User.find(bystander.id))
    const movie = await Movie.findOrFail(first.id)
    assert.equal(movie.ratingCount, 1)
    const after = await client.get(`/api/v1/movies/${first.id}`)
    assert.equal(after.body().average_rating, 2.5)

    ;(await client.get('/api/v1/me').bearerToken(member.access_token)).assertStatus(401)
    const login = await client
      .post('/api/v1/auth/login')
      .header('x-forwarded-for', freshIp())
      .json({ login: member.username, password: PASSWORD })
    login.assertStatus(401)
    assert.lengthOf(await LoginSession.all(), 0)
  })
})
