import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { MovieFactory } from '#factories/movie_factory'

const titles = (body: { data: { title: string }[] }) => body.data.map((movie) => movie.title)

test.group('Catalogue / charts', () => {
  test('trending orders by the TMDB trending score of the window (week by default)', async ({ client, assert }) => {
    await MovieFactory.merge([
      { title: 'Weekly hit', trendingWeek: 90, trendingDay: 1 },
      { title: 'Daily hit', trendingWeek: 10, trendingDay: 95 },
      { title: 'Quiet', trendingWeek: 0, trendingDay: 0, popularity: 0 },
    ]).createMany(3)
    const week = await client.get('/api/v1/movies/trending')
    week.assertStatus(200)
    assert.deepEqual(titles(week.body()).slice(0, 2), ['Weekly hit', 'Daily hit'])
    const day = await client.get('/api/v1/movies/trending').qs({ window: 'day' })
    assert.deepEqual(titles(day.body()).slice(0, 2), ['Daily hit', 'Weekly hit'])
    const bad = await client.get('/api/v1/movies/trending').qs({ window: 'month' })
    bad.assertStatus(422)
    assert.equal(bad.body().error.details[0].field, 'window')
  })

  test('popular orders by popularity', async ({ client, assert }) => {
    await MovieFactory.merge([
      { title: 'B', popularity: 5 },
      { title: 'A', popularity: 50 },
    ]).createMany(2)
    const response = await client.get('/api/v1/movies/popular')
    response.assertStatus(200)
    assert.deepEqual(titles(response.body()), ['A', 'B'])
    assert.equal(response.body().meta.total, 2)
  })

  test('top-rated is a Bayesian average: two perfect votes do not beat many good ones', async ({ client, assert }) => {
    const [fewVotes, manyVotes, average] = await MovieFactory.merge([
      { title: 'Two fives' },
      { title: 'Thousand 4.5s' },
      { title: 'Average' },
      { title: 'Unrated' },
    ]).createMany(4)
    await db.from('movies').where('id', fewVotes.id).update({ rating_count: 2, rating_sum: 10, average_rating: 5 })
    await db.from('movies').where('id', manyVotes.id).update({ rating_count: 1000, rating_sum: 4500, average_rating: 4.5 })
    await db.from('movies').where('id', average.id).update({ rating_count: 2000, rating_sum: 6000, average_rating: 3 })

    const response = await client.get('/api/v1/movies/top-rated')
    response.assertStatus(200)
    // Unrated titles are left out; the global mean (3.5) pulls "Two fives" down to ~3.6.
    assert.deepEqual(titles(response.body()), ['Thousand 4.5s', 'Two fives', 'Average'])
  })

  test('upcoming lists only future releases, soonest first', async ({ client, assert }) => {
    await MovieFactory.merge([
      { title: 'Next year', releaseDate: DateTime.now().plus({ years: 1 }) },
      { title: 'Next week', releaseDate: DateTime.now().plus({ weeks: 1 }) },
      { title: 'Released', releaseDate: DateTime.now().minus({ years: 1 }) },
    ]).createMany(3)
    const response = await client.get('/api/v1/movies/upcoming')
    response.assertStatus(200)
    assert.deepEqual(titles(response.body()), ['Next week', 'Next year'])
  })

  test('charts validate paging', async ({ client, assert }) => {
    for (const path of ['/api/v1/movies/popular', '/api/v1/movies/top-rated', '/api/v1/movies/upcoming']) {
      const response = await client.get(path).qs({ per_page: 101 })
      response.assertStatus(422)
      assert.equal(response.body().error.details[0].field, 'per_page')
    }
  })
})
