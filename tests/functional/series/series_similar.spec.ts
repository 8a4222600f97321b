import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#factories/user_factory'
import { syncSeries } from '#services/tmdb/series_sync_service'
import { resetTmdb, testClient } from '#tests/support/fake_tmdb/test_helpers'
import { TV_ID_BASE } from '#tests/support/fake_tmdb/tv_catalogue'
import { assertError, assertValidation } from '#tests/functional/engagement/helpers'

const SALTMARSH = TV_ID_BASE // Crime, Drama, Mystery; network 8102
const CORNER_OFFICE = TV_ID_BASE + 2 // Comedy; 8101
const NORTHBOUND = TV_ID_BASE + 3 // Drama; 8101
const COPPER_STREET = TV_ID_BASE + 10 // Crime, Drama; 8101; TV-MA
const HOLLOW_PINES = TV_ID_BASE + 18 // Mystery, Drama; 8102
const KETTLEBY = TV_ID_BASE + 19 // Crime, Mystery; 8102
const VELVET_HOURS = TV_ID_BASE + 34 // Drama; adult

async function ingest(tmdbId: number) {
  return (await syncSeries(tmdbId, { client: testClient() })).series
}

interface Pick {
  movie: { id: number; is_series: boolean }
  series: { id: number; is_series: boolean; name: string }
  score: number
  reason: { type: string; text: string }
}

/** Genre, keyword and network keys of a show, read back from the database. */
async function termsOf(seriesId: number): Promise<Set<string>> {
  const [genres, keywords, networks] = await Promise.all([
    db.from('series_genres').where('series_id', seriesId).select('genre_id as id'),
    db.from('series_keywords').where('series_id', seriesId).select('keyword_id as id'),
    db.from('series_networks').where('series_id', seriesId).select('network_id as id'),
  ])
  return new Set([
    ...genres.map((row) => `g${row.id}`),
    ...keywords.map((row) => `k${row.id}`),
    ...networks.map((row) => `n${row.id}`),
  ])
}

test.group('Series / GET /series/:id/similar', (group) => {
  group.each.setup(() => resetTmdb())

  test('shows sharing genres, keywords or networks, most similar first; never the show itself', async ({
    client,
    assert,
  }) => {
    const source = await ingest(SALTMARSH)
    const others = new Map<number, number>()
    for (const tmdbId of [CORNER_OFFICE, NORTHBOUND, COPPER_STREET, HOLLOW_PINES, KETTLEBY, VELVET_HOURS]) {
      others.set(tmdbId, (await ingest(tmdbId)).id)
    }

    const response = await client.get(`/api/v1/series/${source.id}/similar`)
    response.assertStatus(200)
    const picks: Pick[] = response.body().data
    const ids = picks.map((pick) => pick.series.id)

    // Exactly the visible shows sharing at least one term with the source (the adult one is hidden).
    const sourceTerms = await termsOf(source.id)
    const sharing: number[] = []
    for (const [tmdbId, id] of others) {
      const terms = await termsOf(id)
      if (tmdbId !== VELVET_HOURS && [...terms].some((term) => sourceTerms.has(term))) sharing.push(id)
    }
    assert.sameMembers(ids, sharing)
    assert.notInclude(ids, source.id)
    assert.notInclude(ids, others.get(VELVET_HOURS)!)
    // Corner Office (Comedy, another network) shares nothing with a crime drama.
    assert.notInclude(ids, others.get(CORNER_OFFICE)!)
    // Shows sharing three terms (two genres and the network) beat one sharing Drama alone.
    const rank = (tmdbId: number) => ids.indexOf(others.get(tmdbId)!)
    assert.isBelow(rank(KETTLEBY), rank(NORTHBOUND))
    assert.isBelow(rank(HOLLOW_PINES), rank(NORTHBOUND))

    for (const pick of picks) {
      assert.equal(pick.movie.id, pick.series.id)
      assert.isTrue(pick.series.is_series)
      assert.isAbove(pick.score, 0)
      assert.isAtMost(pick.score, 1)
      assert.equal(pick.reason.type, 'similar_to_liked')
      assert.match(pick.reason.text, /^Like The Saltmarsh Inquiry: /)
      assert.notProperty(pick.series, 'user_rating')
    }
    const kettleby = picks.find((pick) => pick.series.id === others.get(KETTLEBY))!
    assert.include(kettleby.reason.text, 'Crime and Mystery')

    const limited = await client.get(`/api/v1/series/${source.id}/similar`).qs({ limit: 2 })
    assert.deepEqual(
      limited.body().data.map((pick: Pick) => pick.series.id),
      ids.slice(0, 2)
    )
  })

  test('the maturity filter applies; a signed-in caller never sees shows they know or hid', async ({
    client,
    assert,
  }) => {
    const source = await ingest(SALTMARSH)
    const copper = await ingest(COPPER_STREET)
    const kettleby = await ingest(KETTLEBY)
    const hollow = await ingest(HOLLOW_PINES)
    const northbound = await ingest(NORTHBOUND)
    const teen = await UserFactory.merge({ maturityFilter: 'teen' }).create()
    const user = await UserFactory.create()

    const anonymous = await client.get(`/api/v1/series/${source.id}/similar`)
    assert.include(
      anonymous.body().data.map((pick: Pick) => pick.series.id),
      copper.id
    )
    // TV-MA is above a teen's filter.
    const forTeen = await client.get(`/api/v1/series/${source.id}/similar`).loginAs(teen)
    forTeen.assertStatus(200)
    assert.sameMembers(
      forTeen.body().data.map((pick: Pick) => pick.series.id),
      [kettleby.id, hollow.id, northbound.id]
    )

    await client.put(`/api/v1/series/${kettleby.id}/rating`).json({ rating: 4 }).loginAs(user)
    ;(await client.put(`/api/v1/me/recommendations/hidden/series/${hollow.id}`).loginAs(user)).assertStatus(201)
    const signedIn = await client.get(`/api/v1/series/${source.id}/similar`).loginAs(user)
    signedIn.assertStatus(200)
    const picks: Pick[] = signedIn.body().data
    assert.sameMembers(
      picks.map((pick) => pick.series.id),
      [copper.id, northbound.id]
    )
    // Per-user fields with a token, as on other series summaries.
    assert.include(picks[0].series, { user_rating: null, in_watchlist: false, is_favorite: false })
  })

  test('an unknown or hidden show is 404; a bad limit is 422', async ({ client, assert }) => {
    const source = await ingest(SALTMARSH)
    const adult = await ingest(VELVET_HOURS)
    assertError(assert, await client.get('/api/v1/series/999999/similar'), 404, 'E_NOT_FOUND')
    assertError(assert, await client.get(`/api/v1/series/${adult.id}/similar`), 404, 'E_NOT_FOUND')
    assertValidation(assert, await client.get(`/api/v1/series/${source.id}/similar`).qs({ limit: 0 }), 'limit')
    assertValidation(assert, await client.get(`/api/v1/series/${source.id}/similar`).qs({ limit: 51 }), 'limit')
    // A show alone in the catalogue has nothing similar.
    const alone = await client.get(`/api/v1/series/${source.id}/similar`)
    alone.assertStatus(200)
    assert.deepEqual(alone.body(), { data: [] })
  })
})
