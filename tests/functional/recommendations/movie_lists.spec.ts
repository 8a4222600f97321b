import { test } from '@japa/runner'
import { UserFactory } from '#factories/user_factory'
import {
  assertError,
  assertItemShape,
  forgetModel,
  ids,
  items,
  rate,
  seedWorld,
  train,
} from '#tests/functional/recommendations/world'

test.group('Recommendations / GET /movies/:id/similar and /movies/:id/recommendations', (group) => {
  group.each.setup(() => forgetModel())
  group.teardown(() => forgetModel())

  test('similar: content neighbours first, with what they share; ETag and no meta', async ({ client, assert }) => {
    const world = await seedWorld()
    await train()
    const response = await client.get(`/api/v1/movies/${world.scifi[0].id}/similar`)
    response.assertStatus(200)
    assert.deepEqual(Object.keys(response.body()), ['data'])
    assert.isString(response.header('etag'))
    const list = items(response)
    assert.isAtMost(list.length, 10)
    list.forEach((item) => assertItemShape(assert, item))
    // The other visible science-fiction titles (same genre) come before anything else.
    const scifi = [...world.scifi.slice(1), world.rated].map((m) => m.id)
    assert.sameMembers(ids(response).slice(0, scifi.length), scifi)
    assert.notInclude(ids(response), world.adult.id)
    assert.notInclude(ids(response), world.scifi[0].id)
    assert.equal(list[0].reason.type, 'similar_to_liked')
    assert.equal(list[0].reason.baseline_movie!.id, world.scifi[0].id)
    assert.match(list[0].reason.text, /^Like Star 0: /)

    const three = await client.get(`/api/v1/movies/${world.scifi[0].id}/similar`).qs({ limit: 3 })
    assert.lengthOf(items(three), 3)
  })

  test('recommendations: people who liked this also liked, excluding what the viewer rated', async ({ client, assert }) => {
    const world = await seedWorld()
    await train()
    const response = await client.get(`/api/v1/movies/${world.romance[0].id}/recommendations`)
    response.assertStatus(200)
    const list = items(response)
    assert.isAtLeast(list.length, 3)
    list.forEach((item) => assertItemShape(assert, item))
    const romance = world.romance.map((m) => m.id)
    for (const id of ids(response).slice(0, 3)) assert.include(romance, id)
    assert.deepEqual(list[0].reason.baseline_movie?.id, world.romance[0].id)
    assert.equal(list[0].reason.type, 'liked_by_similar_users')
    assert.match(list[0].reason.text, /^People who liked Heart 0 also liked this$/)

    const user = await UserFactory.create()
    await rate(user, world.romance[2], 4)
    const mine = await client.get(`/api/v1/movies/${world.romance[0].id}/recommendations`).loginAs(user)
    mine.assertStatus(200)
    assert.notInclude(ids(mine), world.romance[2].id)
    assert.include(items(mine)[0].movie, { in_watchlist: false, is_favorite: false })
  })

  test('without a model: similar falls back to shared genres, recommendations to popular in its genres', async ({
    client,
    assert,
  }) => {
    const world = await seedWorld()
    const similar = await client.get(`/api/v1/movies/${world.romance[0].id}/similar`)
    similar.assertStatus(200)
    assert.sameMembers(ids(similar).slice(0, 4), world.romance.slice(1).map((m) => m.id))
    assert.equal(items(similar)[0].reason.type, 'similar_to_liked')
    const collaborative = await client.get(`/api/v1/movies/${world.romance[0].id}/recommendations`)
    collaborative.assertStatus(200)
    assert.notInclude(ids(collaborative), world.romance[0].id)
    assert.equal(ids(collaborative)[0], world.romance[2].id, 'the most liked romance first')
    assert.deepEqual(items(collaborative)[0].reason, { type: 'popular_in_genre', text: 'Popular in Romance' })
  })

  test('unknown, hidden-from-viewer and malformed movies are 404; bad limits are 422', async ({ client, assert }) => {
    const world = await seedWorld()
    for (const path of ['similar', 'recommendations']) {
      assertError(assert, await client.get(`/api/v1/movies/999999/${path}`), 404, 'E_NOT_FOUND')
      assertError(assert, await client.get(`/api/v1/movies/${world.adult.id}/${path}`), 404, 'E_NOT_FOUND')
      assertError(assert, await client.get(`/api/v1/movies/abc/${path}`), 404, 'E_NOT_FOUND')
      for (const limit of [0, 51, 'x']) {
        const response = await client.get(`/api/v1/movies/${world.scifi[0].id}/${path}`).qs({ limit })
        assertError(assert, response, 422, 'E_VALIDATION')
        assert.equal(response.body().error.details[0].field, 'limit')
      }
    }
  })
})
