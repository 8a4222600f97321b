import { test } from '@japa/runner'
import { PersonFactory } from '#factories/movie_factory'
import { MovieFactory } from '#factories/movie_factory'
import { assertValidation } from '#tests/functional/engagement/helpers'

/*
| GET /search?type=person (API.md, "People and filmographies"): people
| ranked by how well their name matches (exact, then prefix, then a word
| of the name, then similarity), then by popularity; person items are
| `{type: "person", id, name, profile_url, known_for_department}`.
*/

test.group('People / search', () => {
  test('ranks by name match, then popularity; items are person items', async ({ client, assert }) => {
    const exactQuiet = await PersonFactory.merge({ name: 'Soren Lark', popularity: 1, knownForDepartment: 'Acting' }).create()
    const exactPopular = await PersonFactory.merge({ name: 'Soren Lark', popularity: 40, knownForDepartment: 'Directing' }).create()
    const prefixPopular = await PersonFactory.merge({ name: 'Soren Larkspur', popularity: 90 }).create()
    const prefixQuiet = await PersonFactory.merge({ name: 'Soren Larkin', popularity: 5 }).create()
    const wordMatch = await PersonFactory.merge({ name: 'Anselm Soren Lark', popularity: 99 }).create()
    const typo = await PersonFactory.merge({ name: 'Soren Larck', popularity: 100 }).create()
    await PersonFactory.merge({ name: 'Quill Ashgrove', popularity: 100 }).create()
    // A movie titled like them is not a person.
    await MovieFactory.merge({ title: 'Soren Lark' }).create()

    const response = await client.get('/api/v1/search').qs({ q: 'soren lark', type: 'person' })
    response.assertStatus(200)
    const ids = response.body().data.map((item: any) => item.id)
    assert.deepEqual(ids, [exactPopular.id, exactQuiet.id, prefixPopular.id, prefixQuiet.id, wordMatch.id, typo.id])
    assert.deepEqual(response.body().data[0], {
      type: 'person',
      id: exactPopular.id,
      name: 'Soren Lark',
      profile_url: `https://image.tmdb.org/t/p/w185${exactPopular.profilePath}`,
      known_for_department: 'Directing',
    })
    assert.include(response.body().meta, { total: 6, current_page: 1, per_page: 20 })

    const paged = await client.get('/api/v1/search').qs({ q: 'soren lark', type: 'person', per_page: 2, page: 2 })
    assert.deepEqual(
      paged.body().data.map((item: any) => item.id),
      [prefixPopular.id, prefixQuiet.id]
    )
    assert.match(paged.body().meta.next_page_url, /type=person&page=3&per_page=2$/)

    // Without type=person the search stays on titles.
    const titles = await client.get('/api/v1/search').qs({ q: 'soren lark' })
    assert.isTrue(titles.body().data.every((item: any) => item.type === undefined && 'title' in item))
  })

  test('q is required and type must be known: 422 naming the field', async ({ client, assert }) => {
    assertValidation(assert, await client.get('/api/v1/search').qs({ type: 'person' }), 'q')
    assertValidation(assert, await client.get('/api/v1/search').qs({ q: '   ', type: 'person' }), 'q')
    assertValidation(assert, await client.get('/api/v1/search').qs({ q: 'lark', type: 'people' }), 'type')
    assertValidation(assert, await client.get('/api/v1/search').qs({ q: 'lark', type: 'person', per_page: 101 }), 'per_page')
  })

  test('wildcards in q are literal', async ({ client, assert }) => {
    await PersonFactory.merge({ name: 'Brisa Dunmore' }).create()
    const response = await client.get('/api/v1/search').qs({ q: '%_%', type: 'person' })
    response.assertStatus(200)
    assert.deepEqual(response.body().data, [])
  })
})
