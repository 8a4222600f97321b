import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { UserFactory } from '#factories/user_factory'
import { syncSeries } from '#services/tmdb/series_sync_service'
import { resetTmdb, testClient } from '#tests/support/fake_tmdb/test_helpers'
import { TV_ID_BASE } from '#tests/support/fake_tmdb/tv_catalogue'
import { assertError, assertValidation, countRows, USER_SUMMARY_KEYS } from '../engagement/helpers.js'
import { makeBlock } from '../social/helpers.js'

const SALTMARSH = TV_ID_BASE
const CORNER_OFFICE = TV_ID_BASE + 2
const VELVET_HOURS = TV_ID_BASE + 34 // adult

async function ingest(tmdbId: number) {
  return (await syncSeries(tmdbId, { client: testClient() })).series
}

/** A series rating (with review text unless null) written at a fixed minute, so order is known. */
async function review(userId: number, seriesId: number, rating: number, text: string | null, minutes = 0) {
  const at = new Date(Date.UTC(2026, 0, 1, 12, minutes))
  const [row] = await db
    .table('series_ratings')
    .insert({ user_id: userId, series_id: seriesId, rating, review: text, created_at: at, updated_at: at })
    .returning('id')
  return { id: Number(row.id) }
}

test.group('Series / GET /series/:id/reviews', (group) => {
  group.each.setup(() => resetTmdb())

  test('lists ratings with review text, newest first, in the shape of movie reviews', async ({ client, assert }) => {
    const series = await ingest(SALTMARSH)
    const other = await ingest(CORNER_OFFICE)
    const [alice, bob, carol] = await UserFactory.createMany(3)
    await review(alice.id, series.id, 4, 'Great finale.', 1)
    await review(bob.id, series.id, 2, null, 2)
    await review(carol.id, series.id, 3.5, 'Too slow, but fine.', 3)
    await review(alice.id, other.id, 5, 'Another show', 4)

    const response = await client.get(`/api/v1/series/${series.id}/reviews`)
    response.assertStatus(200)
    const { data, meta } = response.body()
    assert.equal(meta.total, 2)
    assert.deepEqual(
      data.map((r: { body: string }) => r.body),
      ['Too slow, but fine.', 'Great finale.']
    )
    assert.sameMembers(Object.keys(data[0]), [
      'id',
      'user',
      'rating',
      'body',
      'contains_spoilers',
      'likes',
      'created_at',
      'updated_at',
    ])
    assert.properties(data[0].user, USER_SUMMARY_KEYS)
    assert.deepEqual(data[0].user, { id: carol.id, username: carol.username, display_name: carol.displayName, avatar_url: null })
    assert.include(data[0], { rating: 3.5, contains_spoilers: false, likes: 0, created_at: '2026-01-01T12:03:00.000Z' })

    // Sorts and pages as movie reviews do.
    const byRating = await client.get(`/api/v1/series/${series.id}/reviews`).qs({ sort: 'rating', per_page: 1 })
    assert.deepEqual(
      byRating.body().data.map((r: { body: string }) => r.body),
      ['Too slow, but fine.']
    )
    assert.include(byRating.body().meta, { total: 2, per_page: 1 })
    const second = await client.get(`/api/v1/series/${series.id}/reviews`).qs({ sort: 'rating', per_page: 1, page: 2 })
    assert.deepEqual(
      second.body().data.map((r: { body: string }) => r.body),
      ['Great finale.']
    )
  })

  test('counts likes, sorts by them and tells a signed-in caller what they liked', async ({ client, assert }) => {
    const series = await ingest(SALTMARSH)
    const [alice, bob, carol] = await UserFactory.createMany(3)
    const quiet = await review(alice.id, series.id, 3, 'Quiet', 5)
    const popular = await review(bob.id, series.id, 4, 'Popular', 1)
    await db.table('series_review_likes').multiInsert([
      { user_id: alice.id, series_rating_id: popular.id },
      { user_id: carol.id, series_rating_id: popular.id },
    ])

    const response = await client.get(`/api/v1/series/${series.id}/reviews`).qs({ sort: '-likes' }).loginAs(carol)
    response.assertStatus(200)
    assert.deepEqual(
      response.body().data.map((r: { id: number; likes: number; liked: boolean }) => [r.id, r.likes, r.liked]),
      [
        [popular.id, 2, true],
        [quiet.id, 0, false],
      ]
    )
  })

  test('reviews by users on either side of a block with the caller are left out', async ({ client, assert }) => {
    const series = await ingest(SALTMARSH)
    const [viewer, blocked, blocker, stranger] = await UserFactory.createMany(4)
    await review(blocked.id, series.id, 4, 'By someone I blocked', 1)
    await review(blocker.id, series.id, 4, 'By someone who blocked me', 2)
    await review(stranger.id, series.id, 4, 'By a stranger', 3)
    await makeBlock(viewer, blocked)
    await makeBlock(blocker, viewer)

    const seen = await client.get(`/api/v1/series/${series.id}/reviews`).loginAs(viewer)
    seen.assertStatus(200)
    assert.deepEqual(
      seen.body().data.map((r: { body: string }) => r.body),
      ['By a stranger']
    )
    assert.equal(seen.body().meta.total, 1)
    // Everyone else still sees all three.
    const anonymous = await client.get(`/api/v1/series/${series.id}/reviews`)
    assert.equal(anonymous.body().meta.total, 3)
  })

  test('an unknown or hidden series is 404; a bad sort is 422', async ({ client, assert }) => {
    const series = await ingest(SALTMARSH)
    const adult = await ingest(VELVET_HOURS)
    const user = await UserFactory.create()
    await review(user.id, adult.id, 4, 'Adult show', 1)

    assertError(assert, await client.get('/api/v1/series/999999/reviews'), 404, 'E_NOT_FOUND')
    assertError(assert, await client.get(`/api/v1/series/${adult.id}/reviews`), 404, 'E_NOT_FOUND')
    assertValidation(assert, await client.get(`/api/v1/series/${series.id}/reviews`).qs({ sort: 'body' }), 'sort')
    assertValidation(assert, await client.get(`/api/v1/series/${series.id}/reviews`).qs({ per_page: 500 }), 'per_page')
  })
})

test.group('Series / review likes', (group) => {
  group.each.setup(() => resetTmdb())

  test('like and unlike are idempotent 204s', async ({ client, assert }) => {
    const series = await ingest(SALTMARSH)
    const [author, fan] = await UserFactory.createMany(2)
    const { id } = await review(author.id, series.id, 4, 'Worth it', 1)

    ;(await client.post(`/api/v1/series/reviews/${id}/like`).loginAs(fan)).assertStatus(204)
    ;(await client.post(`/api/v1/series/reviews/${id}/like`).loginAs(fan)).assertStatus(204)
    assert.equal(await countRows('series_review_likes', { series_rating_id: id }), 1)
    const listed = await client.get(`/api/v1/series/${series.id}/reviews`).loginAs(fan)
    assert.include(listed.body().data[0], { id, likes: 1, liked: true })
    // Movie review likes are a separate table.
    assert.equal(await countRows('review_likes'), 0)

    ;(await client.delete(`/api/v1/series/reviews/${id}/like`).loginAs(fan)).assertStatus(204)
    ;(await client.delete(`/api/v1/series/reviews/${id}/like`).loginAs(fan)).assertStatus(204)
    assert.equal(await countRows('series_review_likes'), 0)
    const after = await client.get(`/api/v1/series/${series.id}/reviews`).loginAs(fan)
    assert.include(after.body().data[0], { id, likes: 0, liked: false })
  })

  test('a rating without text, an unknown id, a hidden show or a block is 404; no token is 401', async ({
    client,
    assert,
  }) => {
    const series = await ingest(SALTMARSH)
    const adult = await ingest(VELVET_HOURS)
    const [author, fan, blocked, blocker] = await UserFactory.createMany(4)
    const silent = await review(author.id, series.id, 4, null, 1)
    const onAdult = await review(author.id, adult.id, 4, 'Adult', 2)
    const byBlocked = await review(blocked.id, series.id, 4, 'By a blocked user', 3)
    const byBlocker = await review(blocker.id, series.id, 4, 'By a blocker', 4)
    await makeBlock(fan, blocked)
    await makeBlock(blocker, fan)

    for (const reviewId of [silent.id, 999999, onAdult.id, byBlocked.id, byBlocker.id]) {
      assertError(assert, await client.post(`/api/v1/series/reviews/${reviewId}/like`).loginAs(fan), 404, 'E_NOT_FOUND')
      assertError(assert, await client.delete(`/api/v1/series/reviews/${reviewId}/like`).loginAs(fan), 404, 'E_NOT_FOUND')
    }
    assertError(assert, await client.post(`/api/v1/series/reviews/${byBlocker.id}/like`), 401, 'E_UNAUTHORIZED')
    assert.equal(await countRows('series_review_likes'), 0)
    // A movie review id space is not this one: /reviews/:id/like knows nothing of series ratings.
    assertError(assert, await client.post(`/api/v1/reviews/${byBlocked.id}/like`).loginAs(author), 404, 'E_NOT_FOUND')
  })

  test('deleting the rating removes its review and likes', async ({ client, assert }) => {
    const series = await ingest(SALTMARSH)
    const [author, fan] = await UserFactory.createMany(2)
    const { id } = await review(author.id, series.id, 4, 'Soon gone', 1)
    await client.post(`/api/v1/series/reviews/${id}/like`).loginAs(fan)
    assert.equal(await countRows('series_review_likes'), 1)

    ;(await client.delete(`/api/v1/series/${series.id}/rating`).loginAs(author)).assertStatus(204)
    assert.equal(await countRows('series_review_likes'), 0)
    const listed = await client.get(`/api/v1/series/${series.id}/reviews`)
    assert.equal(listed.body().meta.total, 0)
  })
})
