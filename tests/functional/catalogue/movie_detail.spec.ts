import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { MovieFactory, CastCreditFactory, CrewCreditFactory, PersonFactory } from '#factories/movie_factory'
import { GenreFactory } from '#factories/genre_factory'
import { UserFactory } from '#factories/user_factory'
import Rating from '#models/rating'
import Keyword from '#models/keyword'

test.group('Catalogue / GET /movies/:id', () => {
  test('returns MovieDetail with keywords, cast, directors and crew', async ({ client, assert }) => {
    const [scifi] = await GenreFactory.merge({ id: 878, name: 'Science Fiction' }).createMany(1)
    const movie = await MovieFactory.merge({
      title: 'The Matrix', tmdbId: 603, imdbId: 'tt0133093', movielensId: 2571, budget: 63000000,
      revenue: 463517383, homepage: 'http://www.warnerbros.com/matrix', status: 'Released',
    }).create()
    await movie.related('genres').attach([scifi.id])
    await Keyword.createMany([{ id: 1, name: 'simulated reality' }, { id: 2, name: 'hacker' }])
    await movie.related('keywords').attach([1, 2])
    const [keanu, carrie] = await PersonFactory.merge([{ name: 'Keanu Reeves' }, { name: 'Carrie-Anne Moss' }]).createMany(2)
    await CastCreditFactory.merge([
      { movieId: movie.id, personId: carrie.id, character: 'Trinity', order: 1 },
      { movieId: movie.id, personId: keanu.id, character: 'Neo', order: 0 },
    ]).createMany(2)
    const lana = await PersonFactory.merge({ name: 'Lana Wachowski' }).create()
    await CrewCreditFactory.merge({ movieId: movie.id, personId: lana.id }).create()

    const response = await client.get(`/api/v1/movies/${movie.id}`)

    response.assertStatus(200)
    const body = response.body()
    assert.include(body, {
      id: movie.id, title: 'The Matrix', tmdb_id: 603, imdb_id: 'tt0133093', movielens_id: 2571,
      budget: 63000000, revenue: 463517383, status: 'Released', watched: false,
    })
    assert.deepEqual(body.keywords, ['hacker', 'simulated reality'])
    assert.deepEqual(body.cast.map((c: { name: string; character: string }) => [c.name, c.character]), [
      ['Keanu Reeves', 'Neo'],
      ['Carrie-Anne Moss', 'Trinity'],
    ])
    assert.properties(body.cast[0], ['person_id', 'name', 'character', 'order', 'profile_url'])
    assert.deepEqual(body.directors, [{ person_id: lana.id, name: 'Lana Wachowski' }])
    assert.deepEqual(body.crew, [{ person_id: lana.id, name: 'Lana Wachowski', job: 'Director', department: 'Directing' }])
    assert.deepEqual(body.genres, [{ id: 878, name: 'Science Fiction' }])
    assert.properties(body, ['tagline', 'spoken_languages', 'production_countries', 'poster_url', 'backdrop_url'])
    assert.notProperty(body, 'user_rating')
    assert.notProperty(body, 'predicted_rating')
  })

  test('with a token adds per-user fields, watched and predicted_rating', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const movie = await MovieFactory.create()
    await Rating.create({ userId: user.id, movieId: movie.id, rating: 3.5, containsSpoilers: false })
    await db.table('favorites').insert({ user_id: user.id, movie_id: movie.id })

    const response = await client.get(`/api/v1/movies/${movie.id}`).loginAs(user)
    response.assertStatus(200)
    assert.include(response.body(), {
      user_rating: 3.5, in_watchlist: false, is_favorite: true, watched: true, predicted_rating: null,
    })
  })

  test('unknown, non-numeric, hidden and adult ids are 404 envelopes', async ({ client, assert }) => {
    const hidden = await MovieFactory.merge({ isHidden: true }).create()
    const adult = await MovieFactory.merge({ adult: true }).create()
    for (const path of ['/api/v1/movies/999999', '/api/v1/movies/abc', `/api/v1/movies/${hidden.id}`, `/api/v1/movies/${adult.id}`, "/api/v1/movies/1%20OR%201=1"]) {
      const response = await client.get(path)
      response.assertStatus(404)
      assert.equal(response.body().error.code, 'E_NOT_FOUND')
    }
  })

  test('GET /genres lists genres with their visible movie counts', async ({ client, assert }) => {
    const [drama, horror] = await GenreFactory.merge([{ id: 18, name: 'Drama' }, { id: 27, name: 'Horror' }]).createMany(2)
    const [a, b] = await MovieFactory.createMany(2)
    await a.related('genres').attach([drama.id])
    await b.related('genres').attach([drama.id, horror.id])
    const adult = await MovieFactory.merge({ adult: true }).create()
    await adult.related('genres').attach([horror.id])

    const response = await client.get('/api/v1/genres')
    response.assertStatus(200)
    assert.deepEqual(response.body(), {
      data: [
        { id: 18, name: 'Drama', movie_count: 2 },
        { id: 27, name: 'Horror', movie_count: 1 },
      ],
    })
  })
})
