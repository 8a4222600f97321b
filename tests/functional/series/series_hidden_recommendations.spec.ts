import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#factories/user_factory'
import { syncSeries } from '#services/tmdb/series_sync_service'
import { resetTmdb, testClient } from '#tests/support/fake_tmdb/test_helpers'
import { TV_ID_BASE } from '#tests/support/fake_tmdb/tv_catalogue'
import { assertError, countRows } from '#tests/functional/engagement/helpers'

const SALTMARSH = TV_ID_BASE
const LANTERNS = TV_ID_BASE + 1
const CORNER_OFFICE = TV_ID_BASE + 2
const VELVET_HOURS = TV_ID_BASE + 34 // adult

async function ingest(tmdbId: number) {
  return (await syncSeries(tmdbId, { client: testClient() })).series
}

test.group('Series / "not interested" (/me/recommendations/hidden/series/:series_id)', (group) => {
  group.each.setup(() => resetTmdb())

  test('PUT hides (201, then 200); the show never comes back; DELETE brings it back (204, then 404)', async ({
    client,
    assert,
  }) => {
    const saltmarsh = await ingest(SALTMARSH)
    const lanterns = await ingest(LANTERNS)
    const corner = await ingest(CORNER_OFFICE)
    const [user, other] = await UserFactory.createMany(2)
    const list = async (qs: Record<string, unknown> = {}) => {
      const response = await client.get('/api/v1/me/recommendations').qs({ type: 'series', limit: 50, ...qs }).loginAs(user)
      response.assertStatus(200)
      return response.body().data.map((pick: { series: { id: number } }) => pick.series.id)
    }
    assert.sameMembers(await list(), [saltmarsh.id, lanterns.id, corner.id])

    const hidden = await client.put(`/api/v1/me/recommendations/hidden/series/${lanterns.id}`).loginAs(user)
    hidden.assertStatus(201)
    assert.equal(hidden.body().series_id, lanterns.id)
    assert.equal(new Date(hidden.body().hidden_at).toISOString(), hidden.body().hidden_at)
    const again = await client.put(`/api/v1/me/recommendations/hidden/series/${lanterns.id}`).loginAs(user)
    again.assertStatus(200)
    assert.deepEqual(again.body(), hidden.body())
    assert.equal(await countRows('series_hidden_recommendations', { user_id: user.id, series_id: lanterns.id }), 1)
    // The movie "not interested" table is another thing.
    assert.equal(await countRows('hidden_recommendations'), 0)

    assert.sameMembers(await list(), [saltmarsh.id, corner.id])
    // Even with the watchlist allowed back in, and even when on it.
    await client.put(`/api/v1/me/watchlist/series/${lanterns.id}`).loginAs(user)
    assert.sameMembers(await list({ include_watchlist: true }), [saltmarsh.id, corner.id])
    // Only for this user.
    const forOther = await client.get('/api/v1/me/recommendations').qs({ type: 'series', limit: 50 }).loginAs(other)
    assert.include(
      forOther.body().data.map((pick: { series: { id: number } }) => pick.series.id),
      lanterns.id
    )

    ;(await client.delete(`/api/v1/me/recommendations/hidden/series/${lanterns.id}`).loginAs(user)).assertStatus(204)
    assert.equal(await countRows('series_hidden_recommendations'), 0)
    assert.sameMembers(await list({ include_watchlist: true }), [saltmarsh.id, lanterns.id, corner.id])
    assertError(
      assert,
      await client.delete(`/api/v1/me/recommendations/hidden/series/${lanterns.id}`).loginAs(user),
      404,
      'E_NOT_FOUND'
    )
  })

  test('an unknown or hidden show is 404 and writes nothing; no token is 401', async ({ client, assert }) => {
    const saltmarsh = await ingest(SALTMARSH)
    const adult = await ingest(VELVET_HOURS)
    const user = await UserFactory.create()

    assertError(assert, await client.put('/api/v1/me/recommendations/hidden/series/999999').loginAs(user), 404, 'E_NOT_FOUND')
    assertError(assert, await client.put(`/api/v1/me/recommendations/hidden/series/${adult.id}`).loginAs(user), 404, 'E_NOT_FOUND')
    assertError(assert, await client.delete('/api/v1/me/recommendations/hidden/series/999999').loginAs(user), 404, 'E_NOT_FOUND')
    assertError(assert, await client.put(`/api/v1/me/recommendations/hidden/series/${saltmarsh.id}`), 401, 'E_UNAUTHORIZED')
    assertError(assert, await client.delete(`/api/v1/me/recommendations/hidden/series/${saltmarsh.id}`), 401, 'E_UNAUTHORIZED')
    const [count] = await db.from('series_hidden_recommendations').count('* as total')
    assert.equal(Number(count.total), 0)
  })
})
