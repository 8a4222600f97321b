import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import { GenreFactory } from '#factories/genre_factory'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'

const PROFILE_FIELDS = [
  'id',
  'username',
  'email',
  'display_name',
  'first_name',
  'last_name',
  'bio',
  'avatar_url',
  'birth_date',
  'is_private',
  'role',
  'preferred_language',
  'maturity_filter',
  'genres',
  'created_at',
  'updated_at',
  'stats',
]

test.group('Me / profile', () => {
  test('GET /me returns every contract field with live stats and genres', async ({ client, assert }) => {
    const [drama, action] = await GenreFactory.merge([{ name: 'Drama' }, { name: 'Action' }]).createMany(2)
    const user = await UserFactory.merge({
      username: 'cinephile',
      email: 'cine@example.test',
      displayName: 'Cine Phile',
      firstName: 'Cine',
      lastName: 'Phile',
      bio: 'Watches everything',
      birthDate: DateTime.fromISO('1985-02-03'),
      isPrivate: true,
      preferredLanguage: 'fr',
    }).create()
    await user.related('genres').attach([drama.id, action.id])
    const other = await UserFactory.create()
    const movies = await MovieFactory.createMany(4)
    await db.table('ratings').multiInsert([
      { user_id: user.id, movie_id: movies[0].id, rating: 4, review: 'Great' },
      { user_id: user.id, movie_id: movies[1].id, rating: 3.5, review: '' },
      { user_id: user.id, movie_id: movies[2].id, rating: 2 },
      { user_id: other.id, movie_id: movies[0].id, rating: 5, review: 'Not mine' },
    ])
    await db.table('watchlist_items').multiInsert([
      { user_id: user.id, movie_id: movies[2].id },
      { user_id: user.id, movie_id: movies[3].id },
    ])
    await db.table('favorites').insert({ user_id: user.id, movie_id: movies[0].id })

    const response = await client.get('/api/v1/me').loginAs(user)
    response.assertStatus(200)
    const body = response.body()
    for (const field of PROFILE_FIELDS) assert.property(body, field)
    assert.include(body, {
      id: user.id,
      username: 'cinephile',
      email: 'cine@example.test',
      display_name: 'Cine Phile',
      first_name: 'Cine',
      last_name: 'Phile',
      bio: 'Watches everything',
      avatar_url: null,
      birth_date: '1985-02-03',
      is_private: true,
      role: 'user',
      preferred_language: 'fr',
      maturity_filter: 'all',
      email_verified: false,
    })
    assert.deepEqual(body.genres, [
      { id: action.id, name: 'Action' },
      { id: drama.id, name: 'Drama' },
    ])
    assert.deepEqual(body.stats, { ratings: 3, reviews: 1, friends: 0, watchlist: 2, favorites: 1 })
    assert.match(body.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    assert.notProperty(body, 'password')
    assert.notProperty(body, 'suspended_at')
  })

  test('PATCH /me updates the given fields and replaces the genres', async ({ client, assert }) => {
    const [drama, comedy, horror] = await GenreFactory.createMany(3)
    const user = await UserFactory.merge({ displayName: 'Old', bio: 'Old bio', firstName: 'Old' }).create()
    await user.related('genres').attach([drama.id])

    const response = await client.patch('/api/v1/me').loginAs(user).json({
      username: 'renamed_user',
      display_name: 'New Name',
      first_name: null,
      last_name: 'Lastname',
      bio: '  Trimmed bio  ',
      is_private: true,
      preferred_language: 'pt-BR',
      maturity_filter: 'teen',
      genre_ids: [comedy.id, horror.id],
      birth_date: '2001-12-31',
    })
    response.assertStatus(200)
    const body = response.body()
    assert.include(body, {
      username: 'renamed_user',
      display_name: 'New Name',
      first_name: null,
      last_name: 'Lastname',
      bio: 'Trimmed bio',
      is_private: true,
      preferred_language: 'pt-BR',
      maturity_filter: 'teen',
      birth_date: '2001-12-31',
    })
    assert.sameMembers(
      body.genres.map((g: { id: number }) => g.id),
      [comedy.id, horror.id]
    )

    const saved = await User.findOrFail(user.id)
    assert.equal(saved.username, 'renamed_user')
    assert.isNull(saved.firstName)
    assert.equal(saved.maturityFilter, 'teen')
    assert.equal(saved.birthDate?.toISODate(), '2001-12-31')
    const genreRows = await db.from('user_genres').where('user_id', user.id).orderBy('genre_id')
    assert.deepEqual(
      genreRows.map((row) => row.genre_id),
      [comedy.id, horror.id].sort((a, b) => a - b)
    )

    // An empty patch changes nothing.
    const empty = await client.patch('/api/v1/me').loginAs(user).json({})
    empty.assertStatus(200)
    assert.equal(empty.body().display_name, 'New Name')
  })

  test('a taken username or email is 409 naming the field; nothing changes', async ({ client, assert }) => {
    await UserFactory.merge({ username: 'occupied', email: 'occupied@example.test' }).create()
    const user = await UserFactory.merge({ username: 'mover', email: 'mover@example.test' }).create()

    const response = await client
      .patch('/api/v1/me')
      .loginAs(user)
      .json({ username: 'OCCUPIED', email: 'Occupied@example.test', bio: 'should not be saved' })
    response.assertStatus(409)
    assert.equal(response.body().error.code, 'E_CONFLICT')
    assert.sameMembers(
      response.body().error.details.map((d: { field: string }) => d.field),
      ['username', 'email']
    )
    const saved = await User.findOrFail(user.id)
    assert.equal(saved.username, 'mover')
    assert.notEqual(saved.bio, 'should not be saved')

    // Keeping one's own name (in another case) is not a conflict.
    const same = await client.patch('/api/v1/me').loginAs(user).json({ username: 'mover' })
    same.assertStatus(200)
  })

  test('invalid fields are a 422 listing each of them; nothing changes', async ({ client, assert }) => {
    const user = await UserFactory.merge({ displayName: 'Keep' }).create()
    const response = await client.patch('/api/v1/me').loginAs(user).json({
      username: 'no spaces allowed',
      email: 'nope',
      display_name: 'x'.repeat(101),
      bio: 'y'.repeat(1001),
      is_private: 'maybe',
      preferred_language: 'English',
      maturity_filter: 'everything',
      genre_ids: ['a'],
      birth_date: '31/12/2001',
    })
    response.assertStatus(422)
    assert.sameMembers(
      [...new Set(response.body().error.details.map((d: { field: string }) => d.field.replace(/\.\d+$/, '')))],
      [
        'username',
        'email',
        'display_name',
        'bio',
        'is_private',
        'preferred_language',
        'maturity_filter',
        'genre_ids',
        'birth_date',
      ]
    )
    assert.equal((await User.findOrFail(user.id)).displayName, 'Keep')

    const unknownGenre = await client.patch('/api/v1/me').loginAs(user).json({ genre_ids: [424242] })
    unknownGenre.assertStatus(422)
    assert.equal(unknownGenre.body().error.details[0].field, 'genre_ids')
  })

  test('the adult maturity filter needs a birth date of an adult, and the catalogue follows it', async ({
    client,
    assert,
  }) => {
    await MovieFactory.merge([{ title: 'Family Film' }, { title: 'Adults Only', adult: true }]).createMany(2)
    const user = await UserFactory.create()

    const noBirthDate = await client.patch('/api/v1/me').loginAs(user).json({ maturity_filter: 'adult' })
    noBirthDate.assertStatus(422)
    assert.equal(noBirthDate.body().error.details[0].field, 'maturity_filter')

    const minor = DateTime.now().minus({ years: 17 }).toISODate()
    const tooYoung = await client
      .patch('/api/v1/me')
      .loginAs(user)
      .json({ maturity_filter: 'adult', birth_date: minor })
    tooYoung.assertStatus(422)
    assert.equal((await User.findOrFail(user.id)).maturityFilter, 'all')

    const titles = async () =>
      (await client.get('/api/v1/movies').loginAs(user)).body().data.map((m: { title: string }) => m.title)
    assert.sameMembers(await titles(), ['Family Film'])

    const adult = await client
      .patch('/api/v1/me')
      .loginAs(user)
      .json({ maturity_filter: 'adult', birth_date: DateTime.now().minus({ years: 18, days: 1 }).toISODate() })
    adult.assertStatus(200)
    assert.equal(adult.body().maturity_filter, 'adult')
    await user.refresh()
    assert.sameMembers(await titles(), ['Family Film', 'Adults Only'])

    // A birth date that makes the user a minor cannot keep the adult filter.
    const younger = await client.patch('/api/v1/me').loginAs(user).json({ birth_date: minor })
    younger.assertStatus(422)
    assert.equal(younger.body().error.details[0].field, 'birth_date')

    const back = await client.patch('/api/v1/me').loginAs(user).json({ maturity_filter: 'all' })
    back.assertStatus(200)
    await user.refresh()
    assert.sameMembers(await titles(), ['Family Film'])
  })

  test('the profile routes need a token', async ({ client }) => {
    ;(await client.get('/api/v1/me')).assertStatus(401)
    ;(await client.patch('/api/v1/me').json({ bio: 'x' })).assertStatus(401)
    ;(await client.put('/api/v1/me/avatar')).assertStatus(401)
  })
})
