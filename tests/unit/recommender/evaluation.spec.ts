import { test } from '@japa/runner'
import { globalTemporalSplit, splitBy, temporalSplit, withoutUsers } from '#services/recommender/dataset'
import { coldStartBuckets, evaluate } from '#services/recommender/evaluation'
import { planForSize, resolveConfig } from '#services/recommender/config'
import { userBiasOf, type RatingPredictor } from '#services/recommender/models/rating_predictor'
import { emptyCsr } from '#services/recommender/sparse'
import { parseOverrides, ConfigOverrideError } from '#services/recommender/config_overrides'
import { smallConfig, world, worldRatings } from '#tests/unit/recommender/fixtures'

test.group('Recommender / offline evaluation', () => {
  test('the temporal split holds out the last 20 % of each user, by time', ({ assert }) => {
    // User 0 rated 10 movies on ten consecutive days, newest last.
    const ratings = Array.from({ length: 10 }, (_, k) => ({ user: 0, item: k % 9, rating: 4, at: 10 - k }))
    const data = world(ratings.map(({ user, item, rating }) => ({ user, item, rating })))
    // Reverse the times: the first listed rating is the newest.
    data.ratingTime = Float64Array.from(ratings, (r) => r.at * 86_400_000)
    const { train, test: held } = temporalSplit(data)
    assert.equal(train.ratingValue.length, 8)
    const heldTimes = held.get(0)!.map((r) => r.time / 86_400_000)
    assert.deepEqual(heldTimes, [9, 10])
    for (const time of train.ratingTime) assert.isBelow(time / 86_400_000, 9)
  })

  test('every model gets P/R/NDCG/coverage/novelty in range, and the predictor beats the mean', ({ assert }) => {
    // Low ratings first, so every user's held-out (latest) rating is a like.
    const ratings = worldRatings().sort((a, b) => a.user - b.user || a.rating - b.rating)
    const report = evaluate(world(ratings), smallConfig())
    const names = report.ranking.map((row) => row.model)
    for (const name of ['for_you', 'ease', 'ease_all', 'rp3beta', 'item_knn', 'als', 'content', 'popular', 'popular_in_genres']) {
      assert.include(names, name)
    }
    for (const row of report.ranking) {
      for (const value of [row.precision, row.recall, row.ndcg, row.coverage]) {
        assert.isAtLeast(value, 0)
        assert.isAtMost(value, 1)
      }
      assert.isAtLeast(row.novelty, 0)
    }
    assert.isAbove(report.users, 0)
    const rmse = new Map(report.rmse.map((row) => [row.model, row.rmse]))
    assert.isBelow(rmse.get('biases + item-kNN (shipped)')!, rmse.get('global mean')!)
    // The SVD++ factor term is off by default (validation said so); when on, it is reported as shipped.
    const withFactors = evaluate(world(ratings), smallConfig({ factors: { factors: 2, epochs: 30 } }), {
      only: ['rmse'],
      rules: ['user'],
      coldStart: [],
    })
    const factorRmse = new Map(withFactors.rmse.map((row) => [row.model, row.rmse]))
    assert.isBelow(factorRmse.get('biases + item-kNN + SVD++ factors (shipped)')!, factorRmse.get('global mean')!)
  })

  test('the global split holds out everything after one cut-off time, for users who rated before it', ({ assert }) => {
    // User 0 rates on days 0–9, user 1 on days 5–9, user 2 only on day 9 (arrives after the cut-off).
    const rows = [
      ...Array.from({ length: 10 }, (_, day) => ({ user: 0, item: day % 9, rating: 4, day })),
      ...Array.from({ length: 5 }, (_, k) => ({ user: 1, item: k, rating: 3, day: 5 + k })),
      { user: 2, item: 8, rating: 5, day: 9 },
    ]
    const data = world(rows)
    data.ratingTime = Float64Array.from(rows, (r) => r.day * 86_400_000)
    const { train, test: held } = globalTemporalSplit(data)
    // 16 ratings, newest 20 %: the cut-off is the time of rating #12 in time order (day 8).
    const trainDays = [...train.ratingTime].map((t) => t / 86_400_000)
    assert.equal(Math.max(...trainDays), 7)
    for (const [, ratings] of held) for (const r of ratings) assert.isAtLeast(r.time / 86_400_000, 8)
    assert.deepEqual([...held.keys()].sort(), [0, 1])
    assert.deepEqual(held.get(0)!.map((r) => r.time / 86_400_000), [8, 9])
    assert.deepEqual(held.get(1)!.map((r) => r.time / 86_400_000), [8, 9])
    // User 2 is unknown before the cut-off: not in the test set, and nothing of theirs trains.
    assert.isFalse([...train.ratingUser].includes(2))
    assert.equal(train.ratingValue.length + 4, 15)
  })

  test('the validation split is carved from the training part and never sees a test rating', ({ assert }) => {
    const data = world()
    for (const rule of ['user', 'global'] as const) {
      const outer = splitBy(rule, data)
      const inner = splitBy(rule, data, true)
      const key = (u: number, item: number, time: number) => `${u}:${item}:${time}`
      const outerTrain = new Set([...outer.train.ratingUser].map((u, k) => key(u, outer.train.ratingItem[k], outer.train.ratingTime[k])))
      const outerTest = new Set([...outer.test].flatMap(([u, list]) => list.map((r) => key(u, r.item, r.time))))
      assert.isAbove(inner.train.ratingValue.length, 0, rule)
      assert.isBelow(inner.train.ratingValue.length, outer.train.ratingValue.length, rule)
      inner.train.ratingUser.forEach((u, k) => {
        const id = key(u, inner.train.ratingItem[k], inner.train.ratingTime[k])
        assert.isTrue(outerTrain.has(id), rule)
        assert.isFalse(outerTest.has(id), rule)
      })
      for (const [u, list] of inner.test) {
        for (const r of list) {
          assert.isTrue(outerTrain.has(key(u, r.item, r.time)), rule)
        }
      }
    }
  })

  test('cold-start buckets fold users in with their first n ratings, after leaving them out of training', ({ assert }) => {
    // Low ratings first, so every user's held-out (latest) rating is a like.
    const data = world(worldRatings().sort((a, b) => a.user - b.user || a.rating - b.rating))
    const withoutZero = withoutUsers(data, new Set([0]))
    assert.isFalse([...withoutZero.ratingUser].includes(0))
    assert.equal(withoutZero.ratingValue.length, data.ratingValue.length - [...data.ratingUser].filter((u) => u === 0).length)

    const buckets = coldStartBuckets(data, smallConfig(), [1, 3])
    assert.deepEqual(buckets.map((bucket) => bucket.ratings), [1, 3])
    for (const bucket of buckets) {
      assert.isAbove(bucket.users, 0)
      assert.includeMembers(bucket.ranking.map((row) => row.model), ['for_you', 'popular'])
      for (const row of bucket.ranking) {
        assert.isAtLeast(row.ndcg, 0)
        assert.isAtMost(row.ndcg, 1)
        assert.equal(row.users, bucket.users)
      }
    }
  })

  test('the report has both rules and the cold-start buckets; validation is labelled as such', ({ assert }) => {
    const ratings = worldRatings().sort((a, b) => a.user - b.user || a.rating - b.rating)
    const report = evaluate(world(ratings), smallConfig(), { only: ['for_you', 'popular'], coldStart: [1] })
    assert.equal(report.stage, 'test')
    assert.equal(report.rule, 'user')
    assert.equal(report.global?.rule, 'global')
    assert.includeMembers(report.global!.ranking.map((row) => row.model), ['for_you', 'popular'])
    assert.equal(report.coldStart?.length, 1)
    const validation = evaluate(world(ratings), smallConfig(), { only: ['popular'], rules: ['user'], coldStart: [], validation: true })
    assert.equal(validation.stage, 'validation')
    assert.isUndefined(validation.global)
    assert.isUndefined(validation.coldStart)
    assert.isBelow(validation.trainRatings, report.trainRatings)
  })

  test('the user bias weighs recent ratings more (half-life in ratings), all alike without one', ({ assert }) => {
    const model: RatingPredictor = { mean: 3, userRegularization: 0, damping: 1, itemBias: new Float32Array(4), neighbors: emptyCsr(4, 4) }
    // Old ratings low, recent ones high.
    const ratings = [1, 1, 5, 5].map((rating, item) => ({ item, rating, time: item }))
    assert.closeTo(userBiasOf(model, ratings), 0, 1e-9)
    const recent = userBiasOf({ ...model, biasHalfLife: 1 }, ratings)
    // Weights 1/8, 1/4, 1/2, 1 → (−2/8 − 2/4 + 2/2 + 2)/(15/8) = 1.2
    assert.closeTo(recent, 1.2, 1e-9)
  })

  test('planForSize: MovieLens-25M size trains RP3beta with sampled histories; small data is left alone', ({ assert }) => {
    const small = planForSize(resolveConfig(), { users: 610, items: 9742, ratings: 100_836 })
    assert.equal(small.engine, 'ease')
    assert.deepEqual(small.plan, [])
    const large = planForSize(resolveConfig(), { users: 162_541, items: 62_423, ratings: 25_000_095 })
    assert.equal(large.engine, 'rp3beta')
    assert.lengthOf(large.plan!, 3)
    assert.match(large.plan![0], /EASE/)
    // The sequence part's pairs grow with ratings × window: a shorter window at this size.
    assert.equal(large.sequence.window, 2)
    assert.equal(small.sequence.window, resolveConfig().sequence.window)
    assert.equal(planForSize(resolveConfig({ engine: 'als' }), { users: 162_541, items: 62_423, ratings: 25_000_095 }).engine, 'rp3beta')
    // Idempotent: planning a planned config changes nothing.
    assert.deepEqual(planForSize(large, { users: 162_541, items: 62_423, ratings: 25_000_095 }), large)
  })

  test('config overrides are checked against the defaults', ({ assert }) => {
    assert.deepEqual(parseOverrides(['ease.lambda=300', 'engine=als']), { ease: { lambda: 300 }, engine: 'als' })
    assert.throws(() => parseOverrides(['ease.lamda=3']), ConfigOverrideError as never)
    assert.throws(() => parseOverrides(['engine=magic']), ConfigOverrideError as never)
    assert.throws(() => parseOverrides(['ease.lambda=many']), ConfigOverrideError as never)
  })
})
