import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { MovieFactory } from '#factories/movie_factory'
import { GenreFactory } from '#factories/genre_factory'
import { UserFactory } from '#factories/user_factory'
import Rating from '#models/rating'

test.group('Catalogue / GET /movies', () => {
  test('lists movies as MovieSummary with pagination meta, most popular first', async ({ client, assert }) => {
    const [drama] = await GenreFactory.merge({ id: 18, name: 'Drama' }).createMany(1)
    await MovieFactory.merge([{ popularity: 10 }, { popularity: 50 }, { popularity: 30 }]).createMany(3)
    const top = await MovieFactory.merge({ popularity: 99, title: 'Top' }).create()
    await top.related('genres').attach([drama.id])

    const response = await client.get('/api/v1/movies').qs({ per_page: 2 })

    response.assertStatus(200)
    const body = response.body()
    assert.deepEqual(
      body.data.map((m: { popularity: number }) => m.popularity),
      [99, 50]
    )
    assert.deepEqual(Object.keys(body.data[0]).sort(), [
      'adult', 'average_rating', 'backdrop_url', 'genres', 'id', 'imdb_id', 'movielens_id',
      'original_language', 'original_title', 'overview', 'popularity', 'poster_url', 'rating_count',
      'release_date', 'runtime', 'title', 'tmdb_id', 'vote_average', 'vote_count', 'year',
    ])
    assert.deepEqual(body.data[0].genres, [{ id: 18, name: 'Drama' }])
    assert.match(body.data[0].poster_url, /^https:\/\/image\.tmdb\.org\/t\/p\/w500\//)
    assert.match(body.data[0].release_date, /^\d{4}-\d{2}-\d{2}$/)
    assert.deepInclude(body.meta, {
      total: 4,
      per_page: 2,
      current_page: 1,
      last_page: 2,
      first_page: 1,
      previous_page_url: null,
    })
    assert.equal(body.meta.next_page_url, '/api/v1/movies?page=2&per_page=2')
    assert.equal(body.meta.last_page_url, '/api/v1/movies?page=2&per_page=2')
  })

  test('a page past the end is 200 with empty data', async ({ client, assert }) => {
    await MovieFactory.createMany(2)
    const response = await client.get('/api/v1/movies').qs({ page: 5 })
    response.assertStatus(200)
    assert.deepEqual(response.body().data, [])
    assert.equal(response.body().meta.total, 2)
  })

  test('filters by genre (any / all), year, language, ratings, popularity and ids', async ({ client, assert }) => {
    const [action, comedy] = await GenreFactory.merge([
      { id: 28, name: 'Action' },
      { id: 35, name: 'Comedy' },
    ]).createMany(2)
    const both = await MovieFactory.merge({
      title: 'Both', year: 1999, originalLanguage: 'en', popularity: 80, voteAverage: 8.2,
      tmdbId: 603, imdbId: 'tt0133093',
    }).create()
    await both.related('genres').attach([action.id, comedy.id])
    const actionOnly = await MovieFactory.merge({ title: 'Action only', year: 2005, originalLanguage: 'fr', popularity: 40, voteAverage: 5 }).create()
    await actionOnly.related('genres').attach([action.id])
    await MovieFactory.merge({ title: 'None', year: 1999, popularity: 5, voteAverage: 2, originalLanguage: 'en' }).create()
    await db.from('movies').where('id', both.id).update({ average_rating: 4.5, rating_count: 2, rating_sum: 9 })
    await db.from('movies').where('id', actionOnly.id).update({ average_rating: 2.5, rating_count: 2, rating_sum: 5 })

    const titles = async (qs: Record<string, string | number>) => {
      const response = await client.get('/api/v1/movies').qs(qs)
      response.assertStatus(200)
      return response.body().data.map((m: { title: string }) => m.title)
    }

    assert.deepEqual(await titles({ genre: '28,35' }), ['Both', 'Action only'])
    assert.deepEqual(await titles({ genre: '28,35', genre_mode: 'all' }), ['Both'])
    assert.deepEqual(await titles({ year: 1999 }), ['Both', 'None'])
    assert.deepEqual(await titles({ release_year: 2005 }), ['Action only'])
    assert.deepEqual(await titles({ language: 'fr' }), ['Action only'])
    assert.deepEqual(await titles({ min_rating: 4 }), ['Both'])
    assert.deepEqual(await titles({ max_rating: 3 }), ['Action only'])
    assert.deepEqual(await titles({ min_vote_average: 8 }), ['Both'])
    assert.deepEqual(await titles({ min_popularity: 30 }), ['Both', 'Action only'])
    assert.deepEqual(await titles({ tmdb_id: 603 }), ['Both'])
    assert.deepEqual(await titles({ imdb_id: 'tt0133093' }), ['Both'])
  })

  test('sorts by every documented key', async ({ client, assert }) => {
    await MovieFactory.merge([
      { title: 'Bravo', popularity: 1, releaseDate: DateTime.fromISO('2001-01-01'), voteAverage: 7 },
      { title: 'Alpha', popularity: 3, releaseDate: DateTime.fromISO('1990-01-01'), voteAverage: 9 },
      { title: 'Charlie', popularity: 2, releaseDate: DateTime.fromISO('2010-01-01'), voteAverage: 5 },
    ]).createMany(3)
    const order = async (sort: string) => {
      const response = await client.get('/api/v1/movies').qs({ sort })
      response.assertStatus(200)
      return response.body().data.map((m: { title: string }) => m.title)
    }
    assert.deepEqual(await order('popularity'), ['Bravo', 'Charlie', 'Alpha'])
    assert.deepEqual(await order('-popularity'), ['Alpha', 'Charlie', 'Bravo'])
    assert.deepEqual(await order('release_date'), ['Alpha', 'Bravo', 'Charlie'])
    assert.deepEqual(await order('-release_date'), ['Charlie', 'Bravo', 'Alpha'])
    assert.deepEqual(await order('title'), ['Alpha', 'Bravo', 'Charlie'])
    assert.deepEqual(await order('-vote_average'), ['Alpha', 'Bravo', 'Charlie'])
  })

  test('rejects bad paging and filters with a 422 envelope listing every field', async ({ client, assert }) => {
    const cases: Record<string, string>[] = [
      { page: '0' },
      { per_page: '1000' },
      { per_page: '0' },
      { page: 'abc' },
      { sort: 'DROP TABLE movies' },
      { genre: "1; DELETE FROM movies" },
      { imdb_id: "' OR 1=1 --" },
      { year: 'x'.repeat(10_000) },
    ]
    for (const qs of cases) {
      const response = await client.get('/api/v1/movies').qs(qs)
      response.assertStatus(422)
      assert.equal(response.body().error.code, 'E_VALIDATION')
      assert.equal(response.body().error.details[0].field, Object.keys(qs)[0])
    }
    const many = await client.get('/api/v1/movies').qs({ page: '0', per_page: '500' })
    assert.sameMembers(
      many.body().error.details.map((d: { field: string }) => d.field),
      ['page', 'per_page']
    )
  })

  test('hides adult and hidden titles; adult titles only for adults who opted in', async ({ client, assert }) => {
    await MovieFactory.merge([{ title: 'Family' }, { title: 'Adult', adult: true }, { title: 'Hidden', isHidden: true }]).createMany(3)
    const adult = await UserFactory.merge({ maturityFilter: 'adult', birthDate: DateTime.now().minus({ years: 30 }) }).create()
    const minor = await UserFactory.merge({ maturityFilter: 'adult', birthDate: DateTime.now().minus({ years: 15 }) }).create()

    const anonymous = await client.get('/api/v1/movies')
    assert.deepEqual(anonymous.body().data.map((m: { title: string }) => m.title), ['Family'])

    const forAdult = await client.get('/api/v1/movies').loginAs(adult)
    assert.sameMembers(forAdult.body().data.map((m: { title: string }) => m.title), ['Family', 'Adult'])

    const forMinor = await client.get('/api/v1/movies').loginAs(minor)
    assert.deepEqual(forMinor.body().data.map((m: { title: string }) => m.title), ['Family'])
  })

  test('the teen filter also hides titles certified above PG-13', async ({ client, assert }) => {
    await MovieFactory.merge([
      { title: 'Rated R', certification: 'R' },
      { title: 'PG-13', certification: 'PG-13' },
      { title: 'Unknown', certification: null },
    ]).createMany(3)
    const teen = await UserFactory.merge({ maturityFilter: 'teen' }).create()
    const response = await client.get('/api/v1/movies').loginAs(teen)
    assert.sameMembers(response.body().data.map((m: { title: string }) => m.title), ['PG-13', 'Unknown'])
    const anonymous = await client.get('/api/v1/movies')
    assert.lengthOf(anonymous.body().data, 3)
  })

  test('adds user_rating, in_watchlist and is_favorite only with a token', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const [rated, listed] = await MovieFactory.merge([{ popularity: 2 }, { popularity: 1 }]).createMany(2)
    await Rating.create({ userId: user.id, movieId: rated.id, rating: 4.5, containsSpoilers: false })
    await db.table('watchlist_items').insert({ user_id: user.id, movie_id: listed.id })
    await db.table('favorites').insert({ user_id: user.id, movie_id: listed.id })

    const anonymous = await client.get('/api/v1/movies')
    assert.notProperty(anonymous.body().data[0], 'user_rating')
    assert.notProperty(anonymous.body().data[0], 'in_watchlist')

    const response = await client.get('/api/v1/movies').loginAs(user)
    response.assertStatus(200)
    const [first, second] = response.body().data
    assert.include(first, { id: rated.id, user_rating: 4.5, in_watchlist: false, is_favorite: false })
    assert.include(second, { id: listed.id, user_rating: null, in_watchlist: true, is_favorite: true })
  })

  test('a new rating changes average_rating for the very next reader', async ({ client, assert }) => {
    const movie = await MovieFactory.create()
    const [alice, bob] = await UserFactory.createMany(2)
    await Rating.create({ userId: alice.id, movieId: movie.id, rating: 4, containsSpoilers: false })

    const before = await client.get('/api/v1/movies')
    assert.include(before.body().data[0], { average_rating: 4, rating_count: 1 })

    // Writers invalidate through the catalogue cache; the trigger keeps the aggregates.
    await Rating.create({ userId: bob.id, movieId: movie.id, rating: 3, containsSpoilers: false })
    const { invalidateMovie } = await import('#services/catalogue/catalogue_cache')
    await invalidateMovie(movie.id)

    const after = await client.get('/api/v1/movies')
    assert.include(after.body().data[0], { average_rating: 3.5, rating_count: 2 })
    const stored = await db.from('movies').where('id', movie.id).first()
    assert.equal(stored.rating_count, 2)
    assert.equal(Number(stored.average_rating), 3.5)
  })
})
