import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { UserFactory } from '#factories/user_factory'
import { assertError, assertValidation } from '#tests/functional/engagement/helpers'
import { filmography, releaseOf } from '#tests/functional/people/helpers'

/*
| GET /people/:id/credits (API.md, "People and filmographies"): a person's
| credits in the movies the caller may see, per role, department and sort,
| paged like every list; the caller's own rating and "watched" with a
| token, never another user's; bad filters are 422 naming the field.
*/

/** `-release_date` order of [movie id, release date] pairs, undated last, ties by movie id. */
function byReleaseDesc(a: { id: number; date: string | null }, b: { id: number; date: string | null }) {
  if (a.date === b.date) return a.id - b.id
  if (a.date === null) return 1
  if (b.date === null) return -1
  return b.date.localeCompare(a.date)
}

test.group('People / credits', () => {
  test('cast credits: characters, newest first by default, oldest first, or most popular first', async ({ client, assert }) => {
    const world = await filmography()
    const url = `/api/v1/people/${world.person.id}/credits`

    const newest = await client.get(url).qs({ role: 'cast' })
    newest.assertStatus(200)
    const expected = world.acted
      .map((credit) => ({ id: credit.movie.id, date: releaseOf(credit.movie), character: credit.character }))
      .sort(byReleaseDesc)
    assert.deepEqual(
      newest.body().data.map((item: any) => [item.id, item.release_date, item.role, item.character, item.job, item.department]),
      expected.map((credit) => [credit.id, credit.date, 'cast', credit.character, null, 'Acting'])
    )
    // Items are MovieSummary plus the credit.
    const first = newest.body().data[0]
    assert.properties(first, ['tmdb_id', 'title', 'poster_url', 'genres', 'popularity', 'average_rating', 'rating_count'])
    assert.notProperty(first, 'user_rating')
    assert.notProperty(first, 'watched')
    assert.equal(newest.body().meta.total, 3)

    const oldest = await client.get(url).qs({ role: 'cast', sort: 'release_date' })
    assert.deepEqual(
      oldest.body().data.map((item: any) => item.id),
      expected.map((credit) => credit.id).reverse()
    )
    const popular = await client.get(url).qs({ role: 'cast', sort: '-popularity' })
    assert.deepEqual(
      popular.body().data.map((item: any) => item.id),
      [...world.acted].sort((a, b) => b.movie.popularity - a.movie.popularity).map((credit) => credit.movie.id)
    )
  })

  test('crew credits with jobs and departments; a department filter; both roles without one', async ({ client, assert }) => {
    const world = await filmography()
    const url = `/api/v1/people/${world.person.id}/credits`

    const crew = await client.get(url).qs({ role: 'crew' })
    crew.assertStatus(200)
    assert.deepEqual(
      crew.body().data.map((item: any) => [item.id, item.role, item.character, item.job, item.department]),
      world.crewed
        .map((credit) => ({ id: credit.movie.id, date: releaseOf(credit.movie), ...credit }))
        .sort(byReleaseDesc)
        .map((credit) => [credit.id, 'crew', null, credit.job, credit.department])
    )
    // The undated film comes last.
    assert.isNull(crew.body().data.at(-1).release_date)

    const directing = await client.get(url).qs({ role: 'crew', department: 'Directing' })
    assert.sameMembers(
      directing.body().data.map((item: any) => item.id),
      world.crewed.filter((credit) => credit.department === 'Directing').map((credit) => credit.movie.id)
    )
    assert.isTrue(directing.body().data.every((item: any) => item.job === 'Director'))

    // Acting is the cast; a crew department with role=cast matches nothing.
    const acting = await client.get(url).qs({ department: 'Acting' })
    assert.deepEqual(
      acting.body().data.map((item: any) => item.role),
      ['cast', 'cast', 'cast']
    )
    const none = await client.get(url).qs({ role: 'cast', department: 'Writing' })
    none.assertStatus(200)
    assert.deepEqual(none.body().data, [])
    assert.equal(none.body().meta.total, 0)

    // Both roles: one item per credit (a film acted in and directed appears twice).
    const all = await client.get(url)
    assert.equal(all.body().meta.total, world.acted.length + world.crewed.length)
    const middle = world.crewed[0].movie.id
    assert.sameMembers(
      all.body().data.filter((item: any) => item.id === middle).map((item: any) => item.role),
      ['cast', 'crew']
    )
  })

  test('paging as every list: meta, page URLs keep the filters, a page past the end is empty', async ({ client, assert }) => {
    const world = await filmography()
    const url = `/api/v1/people/${world.person.id}/credits`
    const all = (await client.get(url).qs({ per_page: 100 })).body().data.map((item: any) => `${item.id}:${item.role}`)
    assert.lengthOf(all, 6)

    const second = await client.get(url).qs({ per_page: 4, page: 2 })
    second.assertStatus(200)
    assert.deepEqual(
      second.body().data.map((item: any) => `${item.id}:${item.role}`),
      all.slice(4)
    )
    assert.include(second.body().meta, { total: 6, per_page: 4, current_page: 2, last_page: 2, first_page: 1, next_page_url: null })
    assert.match(second.body().meta.previous_page_url, /page=1&per_page=4$/)

    const crewPage = await client.get(url).qs({ role: 'crew', per_page: 1 })
    assert.match(crewPage.body().meta.next_page_url, /role=crew&page=2&per_page=1$/)

    const past = await client.get(url).qs({ page: 9 })
    past.assertStatus(200)
    assert.deepEqual(past.body().data, [])
    assert.equal(past.body().meta.total, 6)
  })

  test('hidden movies never appear; adult ones only for an adult who chose to see them', async ({ client, assert }) => {
    const world = await filmography()
    const url = `/api/v1/people/${world.person.id}/credits`
    const anonymousIds = (await client.get(url)).body().data.map((item: any) => item.id)
    assert.notInclude(anonymousIds, world.hidden.id)
    assert.notInclude(anonymousIds, world.adult.id)

    const adultViewer = await UserFactory.merge({ maturityFilter: 'adult', birthDate: DateTime.utc().minus({ years: 30 }) }).create()
    const adultIds = (await client.get(url).loginAs(adultViewer)).body().data.map((item: any) => item.id)
    assert.include(adultIds, world.adult.id)
    assert.notInclude(adultIds, world.hidden.id)
    // The anonymous page is not served to the adult class, nor the reverse.
    assert.notInclude((await client.get(url)).body().data.map((item: any) => item.id), world.adult.id)
  })

  test("with a token each item carries the caller's rating and watched, never another user's", async ({ client, assert }) => {
    const world = await filmography()
    const [alice, bob] = await UserFactory.createMany(2)
    const [first, second, third] = world.acted.map((credit) => credit.movie)
    const url = `/api/v1/people/${world.person.id}/credits`
    // Warm the shared page anonymously first.
    ;(await client.get(url).qs({ role: 'cast' })).assertStatus(200)

    ;(await client.put(`/api/v1/movies/${first.id}/rating`).json({ rating: 4.5 }).loginAs(alice)).assertStatus(201)
    ;(await client.post('/api/v1/me/diary').json({ movie_id: second.id, watched_on: '2024-01-02' }).loginAs(bob)).assertStatus(201)
    ;(await client.put(`/api/v1/me/watchlist/${third.id}`).loginAs(bob)).assertStatus(201)

    const fields = (body: any) =>
      Object.fromEntries(
        body.data.map((item: any) => [item.id, { user_rating: item.user_rating, in_watchlist: item.in_watchlist, watched: item.watched }])
      )
    const forAlice = await client.get(url).qs({ role: 'cast' }).loginAs(alice)
    const forBob = await client.get(url).qs({ role: 'cast' }).loginAs(bob)
    assert.deepEqual(fields(forAlice.body()), {
      [first.id]: { user_rating: 4.5, in_watchlist: false, watched: true },
      [second.id]: { user_rating: null, in_watchlist: false, watched: false },
      [third.id]: { user_rating: null, in_watchlist: false, watched: false },
    })
    assert.deepEqual(fields(forBob.body()), {
      [first.id]: { user_rating: null, in_watchlist: false, watched: false },
      [second.id]: { user_rating: null, in_watchlist: false, watched: true },
      [third.id]: { user_rating: null, in_watchlist: true, watched: false },
    })
    assert.notEqual(forAlice.header('etag'), forBob.header('etag'))

    const anonymous = await client.get(url).qs({ role: 'cast' })
    for (const item of anonymous.body().data) {
      assert.notProperty(item, 'user_rating')
      assert.notProperty(item, 'watched')
      assert.notProperty(item, 'in_watchlist')
    }
    // Alice's rating moved the shared figures at once (the cached page was dropped).
    const rated = anonymous.body().data.find((item: any) => item.id === first.id)
    assert.include(rated, { average_rating: 4.5, rating_count: 1 })
  })

  test('bad role, sort, department or paging is 422 naming the field; an unknown person is 404', async ({ client, assert }) => {
    const world = await filmography()
    const url = `/api/v1/people/${world.person.id}/credits`
    assertValidation(assert, await client.get(url).qs({ role: 'writer' }), 'role')
    assertValidation(assert, await client.get(url).qs({ sort: 'title' }), 'sort')
    assertValidation(assert, await client.get(url).qs({ department: 'Catering' }), 'department')
    assertValidation(assert, await client.get(url).qs({ per_page: 0 }), 'per_page')
    const both = await client.get(url).qs({ role: 'x', sort: 'y' })
    assertValidation(assert, both, 'role')
    assertValidation(assert, both, 'sort')

    assertError(assert, await client.get(`/api/v1/people/${world.person.id + 1000}/credits`), 404, 'E_NOT_FOUND')
    assertError(assert, await client.get('/api/v1/people/99999999999/credits'), 404, 'E_NOT_FOUND')
    assertError(assert, await client.get('/api/v1/people/abc/credits'), 404, 'E_NOT_FOUND')
  })
})
