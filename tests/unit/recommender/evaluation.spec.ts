import { test } from '@japa/runner'
import { temporalSplit } from '#services/recommender/dataset'
import { evaluate } from '#services/recommender/evaluation'
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
  })

  test('config overrides are checked against the defaults', ({ assert }) => {
    assert.deepEqual(parseOverrides(['ease.lambda=300', 'engine=als']), { ease: { lambda: 300 }, engine: 'als' })
    assert.throws(() => parseOverrides(['ease.lamda=3']), ConfigOverrideError as never)
    assert.throws(() => parseOverrides(['engine=magic']), ConfigOverrideError as never)
    assert.throws(() => parseOverrides(['ease.lambda=many']), ConfigOverrideError as never)
  })
})
