/*
| Where to watch: the movie sync stores TMDB's watch providers per region,
| GET /movies/:id/watch-providers and GET /watch-providers serve them, the
| caller's /me/services pick the default region and `available_on=mine`, and
| MovieDetail lists the regions. Expected values come from the fake TMDB's
| own answers (tests/support/fake_tmdb/watch_providers.ts), never by hand.
*/

import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#factories/user_factory'
import Movie from '#models/movie'
import type User from '#models/user'
import { syncMovie } from '#services/tmdb/movie_sync_service'
import { invalidateMovie } from '#services/catalogue/catalogue_cache'
import { refreshWatchProviderList } from '#services/tmdb/watch_provider_sync'
import { WATCH_KINDS, type TmdbWatchProviders, type WatchKind } from '#services/tmdb/types'
import { imageUrl } from '#transformers/movie_transformer'
import { fakeTmdb } from '#tests/support/services'
import { resetTmdb, testClient } from '#tests/support/fake_tmdb/test_helpers'
import { FAKE_WATCH_REGIONS } from '#tests/support/fake_tmdb/watch_providers'
import { createStaff } from '#tests/support/admin'
import { downloadExport, exportReady, readZip } from '#tests/support/exports'
import { assertError, assertValidation, countRows } from '../engagement/helpers.js'

const REGIONS = FAKE_WATCH_REGIONS.map((region) => region.iso_3166_1)

async function sync(...tmdbIds: number[]) {
  const movies: Movie[] = []
  for (const tmdbId of tmdbIds) movies.push((await syncMovie(tmdbId, { client: testClient(), announce: false })).movie)
  return movies
}

/** The fake's offers of a movie, as the API should list them (sorted by display priority). */
function expectedOffers(tmdbId: number, region: string) {
  const results = (fakeTmdb().watchProviders(tmdbId) as TmdbWatchProviders).results[region]
  const lists = Object.fromEntries(
    WATCH_KINDS.map((kind) => [
      kind,
      [...(results?.[kind] ?? [])]
        .sort((a, b) => a.display_priority - b.display_priority)
        .map((offer) => ({
          provider_id: offer.provider_id,
          name: offer.provider_name,
          logo_url: imageUrl(offer.logo_path, 'w185'),
          display_priority: offer.display_priority,
        })),
    ])
  ) as Record<WatchKind, unknown[]>
  return { region, link: results?.link ?? null, ...lists }
}

/** Movies of the fake (most popular first) whose offers in `region` include one of `providerIds`. */
function fakeAvailable(tmdbIds: number[], providerIds: number[], region: string) {
  return tmdbIds.filter((tmdbId) => {
    const results = fakeTmdb().watchProviders(tmdbId)!.results[region]
    return WATCH_KINDS.some((kind) => (results?.[kind] ?? []).some((offer) => providerIds.includes(offer.provider_id)))
  })
}

async function putServices(client: ApiClient, user: User, body: unknown) {
  return client.put('/api/v1/me/services').json(body as Record<string, unknown>).loginAs(user)
}

test.group('Catalogue / watch providers', (group) => {
  group.each.setup(() => resetTmdb())

  test('a sync stores the offers per region; the endpoint serves each region sorted, the detail lists the regions', async ({ client, assert }) => {
    const [movie] = await sync(550)
    const fake = fakeTmdb().watchProviders(550)!
    const regions = Object.keys(fake.results).sort()
    assert.isNotEmpty(regions)

    const offers = Object.values(fake.results).flatMap((entry) => WATCH_KINDS.flatMap((kind) => entry[kind] ?? []))
    assert.equal(await countRows('movie_watch_providers', { movie_id: movie.id }), offers.length)
    assert.equal(await countRows('movie_watch_regions', { movie_id: movie.id }), regions.length)

    for (const region of REGIONS) {
      const response = await client.get(`/api/v1/movies/${movie.id}/watch-providers`).qs({ region })
      response.assertStatus(200)
      assert.deepEqual(response.body(), expectedOffers(550, region))
    }
    // A region without offers: empty lists, no link.
    const none = await client.get(`/api/v1/movies/${movie.id}/watch-providers`).qs({ region: 'JP' })
    none.assertStatus(200)
    assert.deepEqual(none.body(), { region: 'JP', link: null, flatrate: [], rent: [], buy: [], free: [] })

    const detail = await client.get(`/api/v1/movies/${movie.id}`)
    detail.assertStatus(200)
    assert.deepEqual(detail.body().watch_providers_regions, regions)
  })

  test("the region defaults to the caller's /me/services region, else US", async ({ client, assert }) => {
    const [movie] = await sync(550)
    const [traveller, homebody] = await UserFactory.createMany(2)
    ;(await putServices(client, traveller, { region: 'GB', provider_ids: [] })).assertStatus(201)

    const url = `/api/v1/movies/${movie.id}/watch-providers`
    assert.deepEqual((await client.get(url).loginAs(traveller)).body(), expectedOffers(550, 'GB'))
    assert.deepEqual((await client.get(url).loginAs(homebody)).body(), expectedOffers(550, 'US'))
    assert.deepEqual((await client.get(url)).body(), expectedOffers(550, 'US'))
    // An explicit region wins over the services.
    assert.deepEqual((await client.get(url).qs({ region: 'DE' }).loginAs(traveller)).body(), expectedOffers(550, 'DE'))
  })

  test('a bad region is 422 naming region; a hidden or unknown movie is 404', async ({ client, assert }) => {
    const [movie, hidden] = await sync(550, 603)
    for (const region of ['us', 'USA', 'U1', '']) {
      assertValidation(assert, await client.get(`/api/v1/movies/${movie.id}/watch-providers`).qs({ region }), 'region')
      assertValidation(assert, await client.get('/api/v1/watch-providers').qs({ region }), 'region')
    }
    await db.from('movies').where('id', hidden.id).update({ is_hidden: true })
    await invalidateMovie(hidden.id)
    const user = await UserFactory.create()
    assertError(assert, await client.get(`/api/v1/movies/${hidden.id}/watch-providers`), 404, 'E_NOT_FOUND')
    assertError(assert, await client.get(`/api/v1/movies/${hidden.id}/watch-providers`).loginAs(user), 404, 'E_NOT_FOUND')
    assertError(assert, await client.get('/api/v1/movies/2147483000/watch-providers'), 404, 'E_NOT_FOUND')
  })

  test("GET /watch-providers lists the region's providers in TMDB's order", async ({ client, assert }) => {
    const result = await refreshWatchProviderList({ client: testClient() })
    assert.equal(result.regions, REGIONS.length)

    for (const region of REGIONS) {
      const expected = fakeTmdb()
        .watch.list(region)
        .sort((a, b) => a.display_priority - b.display_priority)
        .map((provider) => ({
          provider_id: provider.provider_id,
          name: provider.provider_name,
          logo_url: imageUrl(provider.logo_path, 'w185'),
          display_priority: provider.display_priority,
        }))
      const response = await client.get('/api/v1/watch-providers').qs({ region })
      response.assertStatus(200)
      assert.deepEqual(response.body(), { data: expected })
    }
    // Hulu is American only; the default region is US.
    const anonymous = (await client.get('/api/v1/watch-providers')).body().data.map((p: { provider_id: number }) => p.provider_id)
    assert.include(anonymous, 15)
    const german = (await client.get('/api/v1/watch-providers').qs({ region: 'DE' })).body().data.map((p: { provider_id: number }) => p.provider_id)
    assert.notInclude(german, 15)
  })

  test('/me/services: defaults, PUT creates then replaces, unknown ids and bad regions are 422 and change nothing', async ({ client, assert }) => {
    await refreshWatchProviderList({ client: testClient() })
    const [alice, bob] = await UserFactory.createMany(2)

    assertError(assert, await client.get('/api/v1/me/services'), 401, 'E_UNAUTHORIZED')
    assertError(assert, await client.put('/api/v1/me/services').json({ region: 'US', provider_ids: [8] }), 401, 'E_UNAUTHORIZED')
    const initial = await client.get('/api/v1/me/services').loginAs(alice)
    initial.assertStatus(200)
    assert.deepEqual(initial.body(), { region: 'US', provider_ids: [] })

    const created = await putServices(client, alice, { region: 'GB', provider_ids: [337, 8] })
    created.assertStatus(201)
    assert.deepEqual(created.body(), { region: 'GB', provider_ids: [8, 337] })
    const replaced = await putServices(client, alice, { region: 'FR', provider_ids: [381, 8] })
    replaced.assertStatus(200)
    assert.deepEqual(replaced.body(), { region: 'FR', provider_ids: [8, 381] })
    assert.deepEqual((await client.get('/api/v1/me/services').loginAs(alice)).body(), { region: 'FR', provider_ids: [8, 381] })
    // Per user: Bob's are his own.
    assert.deepEqual((await client.get('/api/v1/me/services').loginAs(bob)).body(), { region: 'US', provider_ids: [] })

    assertValidation(assert, await putServices(client, alice, { region: 'US', provider_ids: [8, 999_999] }), 'provider_ids')
    assertValidation(assert, await putServices(client, alice, { region: 'usa', provider_ids: [8] }), 'region')
    assertValidation(assert, await putServices(client, alice, { provider_ids: [8] }), 'region')
    assertValidation(assert, await putServices(client, alice, { region: 'US' }), 'provider_ids')
    assertValidation(assert, await putServices(client, alice, { region: 'US', provider_ids: [8, 8] }), 'provider_ids')
    assertValidation(assert, await putServices(client, bob, { region: 'US', provider_ids: [424_242] }), 'provider_ids')

    assert.deepEqual((await client.get('/api/v1/me/services').loginAs(alice)).body(), { region: 'FR', provider_ids: [8, 381] })
    assert.equal(await countRows('user_streaming_settings'), 1)
    assert.equal(await countRows('user_streaming_services', { user_id: alice.id }), 2)
    assert.equal(await countRows('user_streaming_services', { user_id: bob.id }), 0)

    // Emptying the services keeps the region.
    const emptied = await putServices(client, alice, { region: 'FR', provider_ids: [] })
    emptied.assertStatus(200)
    assert.deepEqual(emptied.body(), { region: 'FR', provider_ids: [] })
  })

  test('GET /movies?available_on= keeps the movies offered by the providers in the region; mine uses the caller\'s services', async ({ client, assert }) => {
    const tmdbIds = fakeTmdb().catalogue.byPopularity.slice(0, 16)
    const movies = await sync(...tmdbIds)
    const idOf = new Map(movies.map((movie) => [movie.tmdbId!, movie.id]))
    const listed = async (qs: Record<string, unknown>, user?: User) => {
      const request = client.get('/api/v1/movies').qs({ per_page: 100, ...qs })
      const response = await (user ? request.loginAs(user) : request)
      response.assertStatus(200)
      return response.body().data.map((movie: { id: number }) => movie.id) as number[]
    }
    const expected = (providerIds: number[], region: string) =>
      fakeAvailable(tmdbIds, providerIds, region).map((tmdbId) => idOf.get(tmdbId)!)

    const netflixUs = expected([8], 'US')
    const prime = expected([9], 'GB')
    // The filter must actually filter: some movies in, some out.
    assert.isNotEmpty(netflixUs)
    assert.isBelow(netflixUs.length, tmdbIds.length)

    assert.sameMembers(await listed({ available_on: '8' }), netflixUs)
    assert.sameMembers(await listed({ available_on: '8', region: 'US' }), netflixUs)
    assert.sameMembers(await listed({ available_on: '9', region: 'GB' }), prime)
    assert.sameMembers(await listed({ available_on: '8,9', region: 'GB' }), expected([8, 9], 'GB'))
    assert.sameMembers(await listed({ available_on: '15', region: 'DE' }), [])
    // Combined with the other filters and the order.
    const popular = await listed({ available_on: '8,9,337', region: 'US', sort: '-popularity' })
    assert.deepEqual(popular, tmdbIds.filter((tmdbId) => expected([8, 9, 337], 'US').includes(idOf.get(tmdbId)!)).map((tmdbId) => idOf.get(tmdbId)!))

    // `mine`: the caller's services and region; two users, one URL, their own results.
    await refreshWatchProviderList({ client: testClient() })
    const [alice, bob, carol] = await UserFactory.createMany(3)
    ;(await putServices(client, alice, { region: 'US', provider_ids: [8] })).assertStatus(201)
    ;(await putServices(client, bob, { region: 'GB', provider_ids: [9] })).assertStatus(201)
    assert.sameMembers(await listed({ available_on: 'mine' }, alice), netflixUs)
    assert.sameMembers(await listed({ available_on: 'mine' }, bob), prime)
    // `region` does not override the caller's own region with `mine`.
    assert.sameMembers(await listed({ available_on: 'mine', region: 'US' }, bob), prime)
    // No services: nothing is available on them.
    assert.deepEqual(await listed({ available_on: 'mine' }, carol), [])
    // Without a token `mine` means nobody: 401.
    assertError(assert, await client.get('/api/v1/movies').qs({ available_on: 'mine' }), 401, 'E_UNAUTHORIZED')

    // Changing one's services changes one's list at once (nothing per user is cached).
    ;(await putServices(client, alice, { region: 'GB', provider_ids: [9] })).assertStatus(200)
    assert.sameMembers(await listed({ available_on: 'mine' }, alice), prime)

    for (const bad of ['netflix', '8,', ',8', 'mine,8', '8;9']) {
      assertValidation(assert, await client.get('/api/v1/movies').qs({ available_on: bad }), 'available_on')
    }
    assertValidation(assert, await client.get('/api/v1/movies').qs({ available_on: '8', region: 'gb' }), 'region')
  })

  test('a re-sync that moves a movie onto a provider updates its offers, its detail regions and the filtered lists', async ({ client, assert }) => {
    // A popular movie the fake does not offer in some region.
    const candidates = fakeTmdb().catalogue.byPopularity.slice(0, 50)
    const tmdbId = candidates.find((id) => REGIONS.some((region) => !fakeTmdb().watchProviders(id)!.results[region]))!
    const missing = REGIONS.find((region) => !fakeTmdb().watchProviders(tmdbId)!.results[region])!
    const [movie] = await sync(tmdbId)

    // Cached before the change: detail, offers and a filtered list.
    const before = (await client.get(`/api/v1/movies/${movie.id}`)).body().watch_providers_regions as string[]
    assert.notInclude(before, missing)
    const offersUrl = `/api/v1/movies/${movie.id}/watch-providers`
    assert.deepEqual((await client.get(offersUrl).qs({ region: missing })).body().flatrate, [])
    const listUrl = '/api/v1/movies'
    assert.notInclude((await client.get(listUrl).qs({ available_on: '8', region: missing })).body().data.map((m: { id: number }) => m.id), movie.id)

    fakeTmdb().addWatchProvider(tmdbId, missing, 8, 'flatrate')
    await sync(tmdbId)

    const after = (await client.get(`/api/v1/movies/${movie.id}`)).body().watch_providers_regions
    assert.deepEqual(after, [...before, missing].sort())
    const offers = (await client.get(offersUrl).qs({ region: missing })).body()
    assert.deepEqual(offers, expectedOffers(tmdbId, missing))
    assert.deepEqual(offers.flatrate.map((provider: { provider_id: number }) => provider.provider_id), [8])
    assert.include((await client.get(listUrl).qs({ available_on: '8', region: missing })).body().data.map((m: { id: number }) => m.id), movie.id)
    const rows = await db.from('movie_watch_providers').where({ movie_id: movie.id, region: missing })
    assert.deepEqual(rows.map((row) => [row.provider_id, row.kind]), [[8, 'flatrate']])
  })

  test("the admin movie page shows the movie's providers per region", async ({ client, assert }) => {
    const [movie] = await sync(550)
    const moderator = await createStaff()
    const page = await client.get(`/admin/movies/${movie.id}`).withGuard('web').loginAs(moderator)
    page.assertStatus(200)
    const html = page.text()
    for (const [region, entry] of Object.entries(fakeTmdb().watchProviders(550)!.results)) {
      const row = html.match(new RegExp(`<tr data-region="${region}">([\\s\\S]*?)</tr>`))
      assert.isNotNull(row, `row of ${region}`)
      for (const kind of WATCH_KINDS) {
        for (const offer of entry[kind] ?? []) assert.include(row![1], offer.provider_name)
      }
    }
    const regions = [...html.matchAll(/<tr data-region="([A-Z]{2})">/g)].map((match) => match[1])
    assert.deepEqual(regions, Object.keys(fakeTmdb().watchProviders(550)!.results).sort())

    // A movie nothing is known of says so.
    const [other] = await sync(603)
    await db.from('movie_watch_providers').where('movie_id', other.id).delete()
    await db.from('movie_watch_regions').where('movie_id', other.id).delete()
    const empty = await client.get(`/admin/movies/${other.id}`).withGuard('web').loginAs(moderator)
    assert.include(empty.text(), '<p id="watch-providers">None known')
  })

  test("a user's data export holds their streaming services; the rows go with the user", async ({ client, assert }) => {
    await refreshWatchProviderList({ client: testClient() })
    const [alice, bob] = await UserFactory.createMany(2)
    ;(await putServices(client, alice, { region: 'GB', provider_ids: [39, 8] })).assertStatus(201)
    ;(await putServices(client, bob, { region: 'US', provider_ids: [15] })).assertStatus(201)

    const started = await client.post('/api/v1/me/export').loginAs(alice)
    started.assertStatus(202)
    const status = await exportReady(client, alice, started.body().export_id)
    const files = await readZip((await downloadExport(client, new URL(status.download_url).pathname, alice)).body() as Buffer)
    const names = new Map(fakeTmdb().watch.list().map((provider) => [provider.provider_id, provider.provider_name]))
    assert.deepEqual(JSON.parse(files.get('streaming_services.json')!), [
      { region: 'GB', provider_id: 8, provider_name: names.get(8) },
      { region: 'GB', provider_id: 39, provider_name: names.get(39) },
    ])
    assert.equal(files.get('streaming_services.csv')!.split('\r\n')[0], 'region,provider_id,provider_name')

    await alice.delete()
    assert.equal(await countRows('user_streaming_settings'), 1)
    assert.equal(await countRows('user_streaming_services'), 1)
  })
})
