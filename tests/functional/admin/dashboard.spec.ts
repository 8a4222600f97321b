import { test } from '@japa/runner'
import RecommenderModel from '#models/recommender_model'
import { UserFactory } from '#factories/user_factory'
import { MovieFactory } from '#factories/movie_factory'
import { createStaff, reportedReview } from '#tests/support/admin'

test.group('Admin / dashboard', () => {
  test('shows counts, the sign-up chart, queue health and the last training', async ({ client, assert }) => {
    const admin = await createStaff('admin')
    await UserFactory.createMany(2)
    await MovieFactory.createMany(2)
    await reportedReview('meh') // +2 users, +1 movie, 1 rating with a review, 1 open report
    await RecommenderModel.create({
      version: 'v-test-1',
      status: 'ready',
      engine: 'ease',
      trigger: 'manual',
      users: 10,
      items: 20,
      ratings: 30,
      trainingMs: 1234,
      sizeBytes: 1,
      memoryBytes: 1,
      config: { evaluation: { ndcg_at_10: 0.123456 } },
    } as Partial<RecommenderModel>)

    const response = await client.get('/admin').withGuard('web').loginAs(admin)
    response.assertStatus(200)
    const html = response.text()
    assert.include(html, '<div class="n" id="count-users">5</div>')
    assert.include(html, '<div class="n" id="count-movies">3</div>')
    assert.include(html, '<div class="n" id="count-reviews">1</div>')
    assert.include(html, '<div class="n" id="count-reports">1</div>')
    assert.match(html, /<svg class="chart"[\s\S]*<rect [^>]*><title>\d{4}-\d{2}-\d{2}: 5<\/title>/)
    assert.include(html, 'Sign-ups, last 30 days (5)')
    for (const name of ['metadata', 'mail', 'notifications', 'ml', 'imports']) {
      assert.include(html, `href="/admin/queues/${name}">${name}</a>`)
    }
    assert.include(html, 'v-test-1')
    assert.include(html, 'ndcg_at_10')
    assert.include(html, '0.1235')
  })

  test('says so when the recommender was never trained', async ({ client, assert }) => {
    const moderator = await createStaff()
    const response = await client.get('/admin').withGuard('web').loginAs(moderator)
    response.assertStatus(200)
    assert.include(response.text(), 'The recommender has not been trained yet.')
  })
})
