import { test } from '@japa/runner'
import { MovieFactory, CastCreditFactory, CrewCreditFactory, PersonFactory } from '#factories/movie_factory'
import { GenreFactory } from '#factories/genre_factory'

test.group('Catalogue / GET /movies/search', () => {
  test('finds titles despite typos, best match first', async ({ client, assert }) => {
    await MovieFactory.merge([
      { title: 'The Matrix', popularity: 50 },
      { title: 'The Matrix Reloaded', popularity: 40 },
      { title: 'Toy Story', popularity: 90 },
    ]).createMany(3)

    const response = await client.get('/api/v1/movies/search').qs({ q: 'matrx' })

    response.assertStatus(200)
    const titles = response.body().data.map((m: { title: string }) => m.title)
    assert.equal(titles[0], 'The Matrix')
    assert.include(titles, 'The Matrix Reloaded')
    assert.notInclude(titles, 'Toy Story')
    assert.equal(response.body().meta.total, 2)
  })

  test('matches genre names, cast and directors', async ({ client, assert }) => {
    const [western] = await GenreFactory.merge({ id: 37, name: 'Western' }).createMany(1)
    const dollars = await MovieFactory.merge({ title: 'A Fistful of Dollars' }).create()
    await dollars.related('genres').attach([western.id])
    const heat = await MovieFactory.merge({ title: 'Heat' }).create()
    const pacino = await PersonFactory.merge({ name: 'Al Pacino' }).create()
    await CastCreditFactory.merge({ movieId: heat.id, personId: pacino.id, order: 0 }).create()
    const alien = await MovieFactory.merge({ title: 'Alien' }).create()
    const scott = await PersonFactory.merge({ name: 'Ridley Scott' }).create()
    await CrewCreditFactory.merge({ movieId: alien.id, personId: scott.id }).create()
    await MovieFactory.merge({ title: 'Unrelated' }).create()

    const search = async (q: string) => {
      const response = await client.get('/api/v1/movies/search').qs({ q })
      response.assertStatus(200)
      return response.body().data.map((m: { title: string }) => m.title)
    }
    assert.deepEqual(await search('western'), ['A Fistful of Dollars'])
    assert.deepEqual(await search('al pacino'), ['Heat'])
    assert.deepEqual(await search('ridley scot'), ['Alien'])
  })

  test('applies the list filters and an explicit sort', async ({ client, assert }) => {
    await MovieFactory.merge([
      { title: 'Star Wars', year: 1977, popularity: 10 },
      { title: 'Star Trek', year: 2009, popularity: 20 },
    ]).createMany(2)
    const filtered = await client.get('/api/v1/movies/search').qs({ q: 'star', year: 1977 })
    assert.deepEqual(filtered.body().data.map((m: { title: string }) => m.title), ['Star Wars'])
    const sorted = await client.get('/api/v1/movies/search').qs({ q: 'star', sort: 'title' })
    assert.deepEqual(sorted.body().data.map((m: { title: string }) => m.title), ['Star Trek', 'Star Wars'])
  })

  test('rejects a missing, empty or huge q with 422 and treats SQL as text', async ({ client, assert }) => {
    await MovieFactory.merge({ title: 'Safe' }).create()
    for (const qs of [{}, { q: '' }, { q: '   ' }, { q: 'a'.repeat(10_000) }]) {
      const response = await client.get('/api/v1/movies/search').qs(qs)
      response.assertStatus(422)
      assert.equal(response.body().error.code, 'E_VALIDATION')
      assert.equal(response.body().error.details[0].field, 'q')
    }
    const injection = await client.get('/api/v1/movies/search').qs({ q: "'; DROP TABLE movies; --" })
    injection.assertStatus(200)
    assert.deepEqual(injection.body().data, [])
    const wildcard = await client.get('/api/v1/movies/search').qs({ q: '%' })
    wildcard.assertStatus(200)
    assert.deepEqual(wildcard.body().data, [])
    const { default: Movie } = await import('#models/movie')
    assert.lengthOf(await Movie.all(), 1)
  })

  test('is limited to 30 searches a minute per client', async ({ client, assert }) => {
    let last
    for (let i = 0; i < 30; i++) {
      last = await client.get('/api/v1/movies/search').qs({ q: 'x' })
      last.assertStatus(200)
    }
    assert.equal(last!.header('x-ratelimit-limit'), '30')
    assert.equal(last!.header('x-ratelimit-remaining'), '0')
    const limited = await client.get('/api/v1/movies/search').qs({ q: 'x' })
    limited.assertStatus(429)
    assert.equal(limited.body().error.code, 'E_RATE_LIMITED')
    assert.isAbove(Number(limited.header('retry-after')), 0)
    assert.isAbove(Number(limited.header('x-ratelimit-reset')), 0)
  })
})
