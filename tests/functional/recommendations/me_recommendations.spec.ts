import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { DateTime } from 'luxon'
import { UserFactory } from '#factories/user_factory'
import {
  assertError,
  assertItemShape,
  countRows,
  forgetModel,
  ids,
  items,
  rate,
  ROMANCE,
  SCIFI,
  seedWorld,
  trainedWorld,
} from '#tests/functional/recommendations/world'

const MODELS = ['for_you', 'because_you_liked', 'popular_in_your_genres', 'friends_like'] as const

test.group('Recommendations / GET /me/recommendations', (group) => {
  group.each.setup(() => forgetModel())
  group.teardown(() => forgetModel())

  test('needs a token', async ({ client, assert }) => {
    assertError(assert, await client.get('/api/v1/me/recommendations'), 401, 'E_UNAUTHORIZED')
  })

  test('for_you: a science-fiction fan gets the unseen science fiction first, explained by a liked movie', async ({
    client,
    assert,
  }) => {
    const { world, user } = await trainedWorld()
    await rate(user, world.scifi[0], 5, 2)
    await rate(user, world.scifi[1], 5, 1)

    const response = await client.get('/api/v1/me/recommendations').loginAs(user)
    response.assertStatus(200)
    assert.properties(response.body(), ['data'])
    assert.notProperty(response.body(), 'meta')
    const list = items(response)
    assert.isAtLeast(list.length, 3)
    assert.isAtMost(list.length, 10)
    list.forEach((item) => assertItemShape(assert, item))
    // The most co-liked unseen movie (2) and what fans liked right after Star 1, the latest like (3).
    assert.sameMembers(ids(response).slice(0, 2), [world.scifi[2].id, world.scifi[3].id])
    assert.notInclude(ids(response), world.adult.id)
    assert.equal(list[0].reason.type, 'similar_to_liked')
    assert.include([world.scifi[0].id, world.scifi[1].id], list[0].reason.baseline_movie!.id)
    assert.match(list[0].reason.text, /^Because you liked Star [01]$/)
    // Scores come ordered, and per-user fields are there.
    for (let k = 1; k < list.length; k++) assert.isAtMost(list[k].score, list[k - 1].score)
    assert.include(list[0].movie, { in_watchlist: false, is_favorite: false, user_rating: null })
    // Reading recommendations writes nothing.
    assert.equal(await countRows('hidden_recommendations'), 0)
    assert.equal(await countRows('ratings', { user_id: user.id }), 2)
  })

  test('never recommends rated, logged, hidden or watchlisted movies (unless asked), nor adult or too-mature titles', async ({
    client,
    assert,
  }) => {
    const { world, user } = await trainedWorld()
    await rate(user, world.scifi[0], 5, 3)
    await rate(user, world.scifi[4], 2, 2)
    await db.table('watchlist_items').insert({ user_id: user.id, movie_id: world.scifi[2].id })
    await db.table('diary_entries').insert({ user_id: user.id, movie_id: world.scifi[3].id, watched_on: '2026-01-02' })
    await db.table('hidden_recommendations').insert({ user_id: user.id, movie_id: world.scifi[1].id })
    const banned = [world.scifi[0], world.scifi[4], world.scifi[2], world.scifi[3], world.scifi[1], world.adult].map((m) => m.id)

    for (const model of MODELS) {
      const response = await client.get('/api/v1/me/recommendations').qs({ model, limit: 50 }).loginAs(user)
      response.assertStatus(200)
      for (const id of ids(response)) assert.notInclude(banned, id, `${model} recommended a banned movie`)
    }
    // The R-rated title is fine for "all"…
    const all = await client.get('/api/v1/me/recommendations').qs({ limit: 50 }).loginAs(user)
    assert.include(ids(all), world.rated.id)

    // …but not for a teen filter; and include_watchlist brings the watchlisted one back.
    ;(await client.patch('/api/v1/me').json({ maturity_filter: 'teen' }).loginAs(user)).assertStatus(200)
    const teen = await client.get('/api/v1/me/recommendations').qs({ limit: 50, include_watchlist: true }).loginAs(user)
    teen.assertStatus(200)
    assert.notInclude(ids(teen), world.rated.id)
    const watchlisted = items(teen).find((item) => item.movie.id === world.scifi[2].id)
    assert.exists(watchlisted, 'include_watchlist=true lets a watchlisted movie through')
    assert.isTrue(watchlisted!.movie.in_watchlist)
    for (const id of ids(teen)) assert.notInclude([world.scifi[0].id, world.scifi[1].id, world.scifi[3].id, world.adult.id], id)

    // An adult who opted in may get the adult title.
    ;(await client.patch('/api/v1/me').json({ maturity_filter: 'adult', birth_date: '1980-01-01' }).loginAs(user)).assertStatus(200)
    const grownUp = await client.get('/api/v1/me/recommendations').qs({ limit: 50 }).loginAs(user)
    assert.include(ids(grownUp), world.adult.id)
  })

  test('cold start: onboarding genres steer a new user, a user with nothing gets popular picks', async ({
    client,
    assert,
  }) => {
    const { world, user: romantic } = await trainedWorld()
    await db.table('user_genres').insert({ user_id: romantic.id, genre_id: ROMANCE })
    const romanceIds = world.romance.map((m) => m.id)

    for (const model of ['for_you', 'popular_in_your_genres']) {
      const response = await client.get('/api/v1/me/recommendations').qs({ model, limit: 4 }).loginAs(romantic)
      response.assertStatus(200)
      assert.lengthOf(items(response), 4)
      for (const id of ids(response)) assert.include(romanceIds, id, `${model} strayed from the onboarding genre`)
      assert.equal(items(response)[0].movie.id, world.romance[2].id, 'the most liked romance first')
      assert.deepEqual(items(response)[0].reason, { type: 'popular_in_genre', text: 'Popular in Romance' })
    }

    const blank = await UserFactory.create()
    for (const model of ['for_you', 'popular_in_your_genres']) {
      const response = await client.get('/api/v1/me/recommendations').qs({ model }).loginAs(blank)
      response.assertStatus(200)
      assert.isAtLeast(items(response).length, 5, `${model} must never be empty`)
      assert.sameMembers(ids(response).slice(0, 2), [world.scifi[2].id, world.romance[2].id], 'the most liked movies first')
      assert.equal(items(response)[0].reason.type, 'trending')
      items(response).forEach((item) => assertItemShape(assert, item))
    }
    // Lists that need history or friends may be empty.
    for (const model of ['because_you_liked', 'friends_like']) {
      const response = await client.get('/api/v1/me/recommendations').qs({ model }).loginAs(blank)
      response.assertStatus(200)
      assert.deepEqual(response.body(), { data: [] })
    }
  })

  test('without any trained model for_you and popular_in_your_genres still answer from the catalogue', async ({
    client,
    assert,
  }) => {
    const world = await seedWorld()
    const user = await UserFactory.create()
    await db.table('user_genres').insert({ user_id: user.id, genre_id: SCIFI })
    assert.equal(await countRows('recommender_models'), 0)

    const response = await client.get('/api/v1/me/recommendations').qs({ limit: 3 }).loginAs(user)
    response.assertStatus(200)
    assert.lengthOf(items(response), 3)
    assert.equal(ids(response)[0], world.scifi[2].id)
    assert.deepEqual(items(response)[0].reason, { type: 'popular_in_genre', text: 'Popular in Science Fiction' })
    items(response).forEach((item) => assertItemShape(assert, item))
    // Until the first model is trained, the lists that need one are popularity too, never empty.
    const because = await client.get('/api/v1/me/recommendations').qs({ model: 'because_you_liked' }).loginAs(user)
    assert.equal(ids(because)[0], world.scifi[2].id)
    assert.deepEqual(items(because)[0].reason, { type: 'popular_in_genre', text: 'Popular in Science Fiction' })
  })

  test('a new rating shows in the next request, well within 5 seconds, without retraining', async ({ client, assert }) => {
    const { world, run, user } = await trainedWorld()
    await rate(user, world.scifi[0], 5, 1)
    const before = await client.get('/api/v1/me/recommendations').qs({ model: 'because_you_liked' }).loginAs(user)
    assert.equal(items(before)[0].reason.baseline_movie!.id, world.scifi[0].id)
    const forYouBefore = await client.get('/api/v1/me/recommendations').loginAs(user)
    assert.include(ids(forYouBefore), world.romance[2].id, 'the most liked romance fills the list')

    const started = Date.now()
    const rated = await client.put(`/api/v1/movies/${world.romance[2].id}/rating`).json({ rating: 5 }).loginAs(user)
    assert.include([200, 201], rated.status())
    const after = await client.get('/api/v1/me/recommendations').qs({ model: 'because_you_liked' }).loginAs(user)
    const forYouAfter = await client.get('/api/v1/me/recommendations').loginAs(user)
    const elapsed = Date.now() - started

    assert.isBelow(elapsed, 5000)
    assert.equal(items(after)[0].reason.baseline_movie!.id, world.romance[2].id, 'the newest like leads')
    assert.notInclude(ids(forYouAfter), world.romance[2].id, 'a rated movie is never recommended')
    assert.notDeepEqual(ids(forYouAfter), ids(forYouBefore))
    // The same model version served both: this was a fold-in, not a retrain.
    assert.equal(await countRows('recommender_models'), 1)
    assert.equal((await db.from('recommender_models').first()).version, run.version)
  })

  test('limit: default 10, respected, and 1–50 only; unknown model or flags are 422', async ({ client, assert }) => {
    const { user } = await trainedWorld()
    const defaults = await client.get('/api/v1/me/recommendations').loginAs(user)
    assert.lengthOf(items(defaults), 10)
    const three = await client.get('/api/v1/me/recommendations').qs({ limit: 3 }).loginAs(user)
    assert.lengthOf(items(three), 3)

    for (const [qs, field] of [
      [{ limit: 0 }, 'limit'],
      [{ limit: 51 }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ limit: 2.5 }, 'limit'],
      [{ model: 'magic' }, 'model'],
      [{ include_watchlist: 'perhaps' }, 'include_watchlist'],
    ] as const) {
      const response = await client.get('/api/v1/me/recommendations').qs(qs).loginAs(user)
      assertError(assert, response, 422, 'E_VALIDATION')
      assert.equal(response.body().error.details[0].field, field)
    }
  })
})

test.group('Recommendations / hidden movies', (group) => {
  group.each.setup(() => forgetModel())
  group.teardown(() => forgetModel())

  test('PUT hides (201, then 200), the movie never comes back in any list; DELETE lets it back (204, then 404)', async ({
    client,
    assert,
  }) => {
    const { world, user } = await trainedWorld()
    await rate(user, world.scifi[0], 5, 1)
    const target = world.scifi[2]
    const before = await client.get('/api/v1/me/recommendations').loginAs(user)
    assert.include(ids(before), target.id)

    const hidden = await client.put(`/api/v1/me/recommendations/hidden/${target.id}`).loginAs(user)
    hidden.assertStatus(201)
    assert.equal(hidden.body().movie_id, target.id)
    assert.isTrue(DateTime.fromISO(hidden.body().hidden_at).isValid)
    assert.equal(await countRows('hidden_recommendations', { user_id: user.id, movie_id: target.id }), 1)
    const again = await client.put(`/api/v1/me/recommendations/hidden/${target.id}`).loginAs(user)
    again.assertStatus(200)
    assert.equal(again.body().hidden_at, hidden.body().hidden_at)
    assert.equal(await countRows('hidden_recommendations', { user_id: user.id }), 1)

    for (const model of MODELS) {
      const response = await client.get('/api/v1/me/recommendations').qs({ model, limit: 50 }).loginAs(user)
      assert.notInclude(ids(response), target.id, model)
    }
    for (const path of ['similar', 'recommendations']) {
      const response = await client.get(`/api/v1/movies/${world.scifi[1].id}/${path}`).qs({ limit: 50 }).loginAs(user)
      response.assertStatus(200)
      assert.notInclude(ids(response), target.id, path)
    }
    // Someone else still gets it.
    const other = await client.get(`/api/v1/movies/${world.scifi[1].id}/similar`).qs({ limit: 50 })
    assert.include(ids(other), target.id)

    const shown = await client.delete(`/api/v1/me/recommendations/hidden/${target.id}`).loginAs(user)
    shown.assertStatus(204)
    assert.equal(await countRows('hidden_recommendations', { user_id: user.id }), 0)
    const back = await client.get('/api/v1/me/recommendations').loginAs(user)
    assert.include(ids(back), target.id)
    assertError(assert, await client.delete(`/api/v1/me/recommendations/hidden/${target.id}`).loginAs(user), 404, 'E_NOT_FOUND')
  })

  test('unknown, invisible or malformed movies are 404 and nothing is written; a token is required', async ({
    client,
    assert,
  }) => {
    const world = await seedWorld()
    const user = await UserFactory.create()
    for (const path of ['999999', String(world.adult.id), 'abc']) {
      assertError(assert, await client.put(`/api/v1/me/recommendations/hidden/${path}`).loginAs(user), 404, 'E_NOT_FOUND')
    }
    assertError(assert, await client.put(`/api/v1/me/recommendations/hidden/${world.scifi[0].id}`), 401, 'E_UNAUTHORIZED')
    assertError(assert, await client.delete(`/api/v1/me/recommendations/hidden/${world.scifi[0].id}`), 401, 'E_UNAUTHORIZED')
    assert.equal(await countRows('hidden_recommendations'), 0)
  })
})
