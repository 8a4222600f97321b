import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import Comment from '#models/comment'
import List from '#models/list'
import Report from '#models/report'
import { assertError, assertValidation, countRows } from './helpers.js'

async function setup() {
  const [author, reporter] = await UserFactory.createMany(2)
  const movie = await MovieFactory.create()
  const [rating] = await db
    .table('ratings')
    .insert({ user_id: author.id, movie_id: movie.id, rating: 1, review: 'The hero dies at the end.' })
    .returning('id')
  const comment = await Comment.create({ userId: author.id, movieId: movie.id, body: 'Buy cheap pills at …' })
  const list = await List.create({ userId: author.id, title: 'Stolen list', privacy: 'public', ranked: true, shareToken: 'pub' })
  return { author, reporter, movie, reviewId: Number(rating.id), comment, list }
}

test.group('Engagement / reports', () => {
  test('reviews, comments and lists can be reported (201) into the moderation queue', async ({ client, assert }) => {
    const { author, reporter, reviewId, comment, list } = await setup()

    const review = await client.post(`/api/v1/reviews/${reviewId}/report`).json({ reason: 'spoilers' }).loginAs(reporter)
    review.assertStatus(201)
    assert.containSubset(review.body(), { target_type: 'review', target_id: reviewId, reason: 'spoilers', message: null, status: 'open' })
    assert.properties(review.body(), ['id', 'created_at'])

    const spam = await client.post(`/api/v1/comments/${comment.id}/report`).json({ reason: 'spam' }).loginAs(reporter)
    spam.assertStatus(201)
    const plagiarism = await client
      .post(`/api/v1/lists/${list.id}/report`)
      .json({ reason: 'plagiarism', message: 'Copied from my list of 2019' })
      .loginAs(reporter)
    plagiarism.assertStatus(201)

    const queue = await Report.query().orderBy('id')
    assert.deepEqual(
      queue.map((r) => [r.targetType, r.targetId, r.reason, r.status, r.reporterId, r.targetUserId]),
      [
        ['review', reviewId, 'spoilers', 'open', reporter.id, author.id],
        ['comment', comment.id, 'spam', 'open', reporter.id, author.id],
        ['list', list.id, 'plagiarism', 'open', reporter.id, author.id],
      ]
    )
    assert.equal(queue[0].targetSnapshot, 'The hero dies at the end.')
    assert.equal(queue[2].message, 'Copied from my list of 2019')
  })

  test('"other" and "plagiarism" need a message; reasons come from the enum (422, nothing written)', async ({ client, assert }) => {
    const { reporter, reviewId, comment } = await setup()
    for (const reason of ['other', 'plagiarism']) {
      assertValidation(assert, await client.post(`/api/v1/reviews/${reviewId}/report`).json({ reason }).loginAs(reporter), 'message')
      assertValidation(
        assert,
        await client.post(`/api/v1/comments/${comment.id}/report`).json({ reason, message: '   ' }).loginAs(reporter),
        'message'
      )
    }
    assertValidation(assert, await client.post(`/api/v1/reviews/${reviewId}/report`).json({ reason: 'boring' }).loginAs(reporter), 'reason')
    assertValidation(assert, await client.post(`/api/v1/reviews/${reviewId}/report`).json({}).loginAs(reporter), 'reason')
    assert.equal(await countRows('reports'), 0)
    const other = await client
      .post(`/api/v1/reviews/${reviewId}/report`)
      .json({ reason: 'other', message: 'Personal data of a third person' })
      .loginAs(reporter)
    other.assertStatus(201)
  })

  test('unknown or invisible targets are 404; a second open report is 409; no token is 401', async ({ client, assert }) => {
    const { author, reporter, reviewId } = await setup()
    const secret = await List.create({ userId: author.id, title: 'Private', privacy: 'private', ranked: false, shareToken: 'sec' })
    const [silent] = await db
      .table('ratings')
      .insert({ user_id: reporter.id, movie_id: (await MovieFactory.create()).id, rating: 3 })
      .returning('id')

    assertError(assert, await client.post('/api/v1/reviews/999999/report').json({ reason: 'abuse' }).loginAs(reporter), 404, 'E_NOT_FOUND')
    assertError(assert, await client.post(`/api/v1/reviews/${silent.id}/report`).json({ reason: 'abuse' }).loginAs(author), 404, 'E_NOT_FOUND')
    assertError(assert, await client.post('/api/v1/comments/999999/report').json({ reason: 'abuse' }).loginAs(reporter), 404, 'E_NOT_FOUND')
    assertError(assert, await client.post(`/api/v1/lists/${secret.id}/report`).json({ reason: 'abuse' }).loginAs(reporter), 404, 'E_NOT_FOUND')
    assertError(assert, await client.post(`/api/v1/reviews/${reviewId}/report`).json({ reason: 'abuse' }), 401, 'E_UNAUTHORIZED')
    assert.equal(await countRows('reports'), 0)

    ;(await client.post(`/api/v1/reviews/${reviewId}/report`).json({ reason: 'abuse' }).loginAs(reporter)).assertStatus(201)
    assertError(assert, await client.post(`/api/v1/reviews/${reviewId}/report`).json({ reason: 'spam' }).loginAs(reporter), 409, 'E_CONFLICT')
    assert.equal(await countRows('reports'), 1)
    // Once a moderator resolved it, the same user may report again.
    await db.from('reports').update({ status: 'dismissed' })
    ;(await client.post(`/api/v1/reviews/${reviewId}/report`).json({ reason: 'spam' }).loginAs(reporter)).assertStatus(201)
  })
})
