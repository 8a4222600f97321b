import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import queue from '#jobs/queue/queue'
import RecommenderModel from '#models/recommender_model'
import { UserFactory } from '#factories/user_factory'
import { queueFirstModel, queueRetrainAfterImport } from '#services/recommender/training_schedule'
import { AppInstance } from '#tests/support/app_instance'
import { countRows, forgetModel, ids, items, seedWorld, train } from '#tests/functional/recommendations/world'
import { pendingJobCount } from '#tests/support/queue_counts'

/** Waits for the ml queue's job to finish and returns the ready model it stored. */
async function trainedBy(jobId: string) {
  const job = (await queue.queue('ml').getJob(jobId))!
  await job.waitUntilFinished(await queue.events('ml'), 60_000)
  return RecommenderModel.query().apply((scopes) => scopes.ready()).firstOrFail()
}

test.group('Recommendations / a model from the start', (group) => {
  group.each.setup(() => forgetModel())
  group.teardown(() => forgetModel())

  test('with ratings and no model the first training is queued (not awaited) and trains', async ({ assert }) => {
    await seedWorld()

    const decision = await queueFirstModel()

    assert.deepEqual(decision, { queued: true, jobId: 'train-recommender', reason: 'no model yet' })
    const model = await trainedBy('train-recommender')
    assert.equal(model.trigger, 'first')
    // A model exists now: nothing more is queued.
    assert.deepEqual(await queueFirstModel(), { queued: false, reason: 'a model exists' })
  }).timeout(60_000)

  test('an empty catalogue queues nothing; a small import after the first model does not retrain', async ({ assert }) => {
    assert.deepEqual(await queueFirstModel(), { queued: false, reason: 'no ratings' })
    assert.equal(await pendingJobCount('ml', ['waiting', 'active', 'delayed']), 0)

    await seedWorld()
    await train()
    assert.deepEqual(await queueRetrainAfterImport(10), { queued: false, reason: 'small import' })
    assert.deepEqual(await queueRetrainAfterImport(5_000), {
      queued: true,
      jobId: 'train-recommender',
      reason: 'large import',
    })
    const model = await trainedBy('train-recommender')
    assert.equal(model.trigger, 'import')
    assert.equal(await countRows('recommender_models', { status: 'ready' }), 2)
  }).timeout(60_000)

  test('movielens:import queues the first training and returns without waiting for it', async ({ assert }) => {
    const ace = await app.container.make('ace')
    ace.ui.switchMode('raw')
    const command = await ace.exec('movielens:import', [app.makePath('tests', 'fixtures', 'movielens')])
    const output = command.logger
      .getLogs()
      .map((log) => log.message)
      .join('\n')

    assert.equal(command.exitCode, 0, output)
    assert.match(output, /Recommender training queued \(no model yet; job train-recommender on the ml queue/)
    const model = await trainedBy('train-recommender')
    assert.equal(model.trigger, 'first')
  }).timeout(60_000)

  test('without a model collaborative lists fall back to popularity instead of answering empty', async ({
    client,
    assert,
  }) => {
    const world = await seedWorld()
    const blank = await UserFactory.create()
    assert.equal(await countRows('recommender_models'), 0)

    for (const model of ['because_you_liked', 'friends_like']) {
      const response = await client.get('/api/v1/me/recommendations').qs({ model, limit: 3 }).loginAs(blank)
      response.assertStatus(200)
      assert.lengthOf(items(response), 3, model)
      assert.equal(items(response)[0].reason.type, 'trending')
    }
    const also = await client.get(`/api/v1/movies/${world.scifi[0].id}/recommendations`)
    also.assertStatus(200)
    assert.isAtLeast(items(also).length, 3)
    assert.notInclude(ids(also), world.scifi[0].id)
    // Popular in the movie's genre first.
    assert.equal(ids(also)[0], world.scifi[2].id)
    assert.deepEqual(items(also)[0].reason, { type: 'popular_in_genre', text: 'Popular in Science Fiction' })
  })
})

test.group('Recommendations / a new model on every app process', (group) => {
  let second: AppInstance | undefined
  group.each.setup(() => forgetModel())
  group.each.teardown(async () => {
    await second?.stop()
    second = undefined
  })

  test('a model trained here is in service on a second app process within 5 s (Redis announcement)', async ({
    assert,
  }) => {
    await seedWorld()
    second = await AppInstance.start()
    const servingThere = async () => {
      const response = await fetch(`${second!.url}/health`)
      const body = (await response.json()) as { checks: { recommender: { serving_version: string | null } } }
      return body.checks.recommender.serving_version
    }
    assert.isNull(await servingThere())

    const run = await train()
    const trainedAt = Date.now()

    // The quiet process makes no request that would look for it: only the announcement can load it.
    let serving: string | null = null
    while (Date.now() - trainedAt < 5_000) {
      serving = await servingThere()
      if (serving === run.version) break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    assert.equal(serving, run.version, 'the second process did not load the new model within 5 s')
  }).timeout(90_000)
})
