import app from '@adonisjs/core/services/app'
import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import redis from '@adonisjs/redis/services/main'
import queue from '#jobs/queue/queue'
import { UserFactory } from '#factories/user_factory'
import TrainRecommenderJob from '#jobs/train_recommender_job'
import TrainingService, { TrainingInProgressError } from '#services/recommender/training_service'
import modelStore from '#services/recommender/model_store'
import RecommenderModel from '#models/recommender_model'
import { countRows, forgetModel, ids, rate, seedWorld, train } from '#tests/functional/recommendations/world'

test.group('Recommendations / training and serving', (group) => {
  group.each.setup(() => forgetModel())
  group.teardown(() => forgetModel())

  test('the ml queue job trains, stores a versioned model and serves it', async ({ assert }) => {
    await seedWorld()
    const job = await TrainRecommenderJob.dispatch({ trigger: 'test' })
    const result = await job.waitUntilFinished(await queue.events('ml'), 60_000)

    const row = await RecommenderModel.query().apply((scopes) => scopes.ready()).firstOrFail()
    assert.equal(row.version, result.version)
    assert.equal(row.engine, 'ease')
    assert.equal(row.trigger, 'test')
    assert.equal(row.users, 12)
    assert.equal(row.items, 13)
    assert.isAbove(row.sizeBytes, 0)
    assert.isAbove(row.memoryBytes, 0)
    assert.instanceOf(row.artifact, Buffer)
    // The process that trained swapped it in at once.
    assert.equal(modelStore.active?.version, row.version)
  })

  test('another process picks the new version up from the database', async ({ assert }) => {
    await seedWorld()
    const run = await train()
    modelStore.reset()
    assert.isNull(modelStore.active)
    const ranker = await modelStore.ranker()
    assert.equal(ranker?.bundle.meta.version, run.version)
    assert.equal(modelStore.active?.version, run.version)
  })

  test('a failed training keeps the previous model in service and is recorded', async ({ client, assert }) => {
    const world = await seedWorld()
    const good = await train()
    // A negative regularisation makes the Gram matrix indefinite: the worker fails.
    await assert.rejects(() => new TrainingService().train({ trigger: 'test', overrides: { ease: { lambda: -1e6 } } }))

    assert.equal(modelStore.active?.version, good.version)
    const failed = await RecommenderModel.query().where('status', 'failed').firstOrFail()
    assert.match(failed.error!, /positive definite/)
    assert.isNull(failed.artifact)
    assert.equal(await countRows('recommender_models', { status: 'ready' }), 1)

    const user = await UserFactory.create()
    await rate(user, world.scifi[0], 5)
    const response = await client.get('/api/v1/me/recommendations').loginAs(user)
    response.assertStatus(200)
    assert.include(ids(response), world.scifi[2].id)
  })

  test('one training at a time: a second one is refused, and the job skips', async ({ assert }) => {
    await seedWorld()
    await redis.set('recommender:training-lock', 'someone-else', 'EX', 60)
    try {
      await assert.rejects(() => new TrainingService().train({ trigger: 'test' }), TrainingInProgressError as never)
      const result = await (await app.container.make(TrainRecommenderJob)).handle({ trigger: 'test' })
      assert.property(result, 'skipped')
      assert.equal(await countRows('recommender_models'), 0)
    } finally {
      await redis.del('recommender:training-lock')
    }
  })

  test('predicted_rating on movie details: a number once trained, null before', async ({ client, assert }) => {
    const world = await seedWorld()
    const user = await UserFactory.create()
    await rate(user, world.scifi[0], 5)
    await rate(user, world.scifi[1], 5)
    await rate(user, world.romance[0], 0.5)
    await rate(user, world.romance[1], 1)

    const untrained = await client.get(`/api/v1/movies/${world.scifi[2].id}`).loginAs(user)
    untrained.assertStatus(200)
    assert.isNull(untrained.body().predicted_rating)

    await train()
    const scifi = await client.get(`/api/v1/movies/${world.scifi[2].id}`).loginAs(user)
    const romance = await client.get(`/api/v1/movies/${world.romance[2].id}`).loginAs(user)
    const predicted = scifi.body().predicted_rating
    assert.isNumber(predicted)
    assert.isAtLeast(predicted, 0.5)
    assert.isAtMost(predicted, 5)
    assert.equal(Math.round(predicted * 10) / 10, predicted, 'one decimal')
    assert.isAbove(predicted, romance.body().predicted_rating)
    // Anonymous callers get no prediction.
    const anonymous = await client.get(`/api/v1/movies/${world.scifi[2].id}`)
    assert.notProperty(anonymous.body(), 'predicted_rating')
    assert.equal(await db.from('ratings').where('user_id', user.id).count('* as total').first().then((r) => Number(r.total)), 4)
  })
})

test.group('Recommendations / recommender:evaluate', (group) => {
  group.each.setup(() => forgetModel())
  group.teardown(() => forgetModel())

  test('prints the evaluation and stores the headline figures on the newest model', async ({ assert }) => {
    const { default: app } = await import('@adonisjs/core/services/app')
    await seedWorld()
    const run = await train()

    const ace = await app.container.make('ace')
    const command = await ace.exec('recommender:evaluate', [])
    assert.equal(command.exitCode, 0)

    const row = await RecommenderModel.findByOrFail('version', run.version)
    const evaluation = row.config.evaluation as Record<string, string>
    assert.properties(evaluation, ['for_you NDCG@10', 'for_you Coverage@10', 'evaluated_at'])
    assert.isAtLeast(Number(evaluation['for_you NDCG@10']), 0)
    assert.isAtMost(Number(evaluation['for_you NDCG@10']), 1)
  })

  test('without ratings it exits 1 and says how to import some', async ({ assert }) => {
    const { default: app } = await import('@adonisjs/core/services/app')
    const ace = await app.container.make('ace')
    const command = await ace.exec('recommender:evaluate', [])
    assert.equal(command.exitCode, 1)
    assert.equal(await countRows('recommender_models'), 0)
  })
})
