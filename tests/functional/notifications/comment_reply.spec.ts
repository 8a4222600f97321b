import { test } from '@japa/runner'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import List from '#models/list'
import queue from '#jobs/queue/queue'
import UserSummaryTransformer from '#transformers/user_summary_transformer'
import { countRows, listNotifications, makeBlock, notificationRows, USER_SUMMARY_KEYS, waitForQueues } from './helpers.js'
import { pendingJobCounts } from '#tests/support/queue_counts'

test.group('Notifications / comment_reply', () => {
  test('a reply to a movie comment notifies the parent author through the queue, nobody else', async ({ client, assert }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    const movie = await MovieFactory.create()
    const top = (await client.post(`/api/v1/movies/${movie.id}/comments`).json({ body: 'Top' }).loginAs(alice)).body()
    await waitForQueues(['notifications'])
    // A top-level comment notifies nobody.
    assert.equal(await countRows('notifications'), 0)

    const notifications = queue.queue('notifications')
    await notifications.pause()
    let replyId: number
    try {
      const reply = await client
        .post(`/api/v1/movies/${movie.id}/comments`)
        .json({ body: 'I disagree', parent_id: top.id })
        .loginAs(bob)
      reply.assertStatus(201)
      replyId = reply.body().id
      // Written by the worker, never inside the request.
      assert.equal(await countRows('notifications'), 0)
    } finally {
      await notifications.resume()
    }
    await waitForQueues(['notifications'])

    const listed = await listNotifications(client, alice)
    assert.lengthOf(listed.data, 1)
    assert.equal(listed.meta.unread_count, 1)
    const [item] = listed.data
    assert.containSubset(item, { type: 'comment_reply', read: false, movie_id: movie.id, title: 'New reply to your comment' })
    const bobSummary = UserSummaryTransformer.summary(bob)
    assert.equal(item.message, `${bobSummary.display_name} replied to your comment on ${movie.title}`)
    assert.deepEqual(item.data, { comment_id: replyId, parent_id: top.id, movie_id: movie.id, list_id: null, user: bobSummary })
    assert.deepEqual(Object.keys(item.data.user).sort(), [...USER_SUMMARY_KEYS].sort())

    const rows = await notificationRows()
    assert.deepEqual(rows.map((row) => [row.user_id, row.type, row.movie_id]), [[alice.id, 'comment_reply', movie.id]])
    assert.lengthOf((await listNotifications(client, bob)).data, 0)
    assert.lengthOf((await listNotifications(client, carol)).data, 0)
  })

  test('a reply to a list comment notifies its author with the list id; a reply to a reply only the direct parent', async ({ client, assert }) => {
    const [owner, alice, bob] = await UserFactory.createMany(3)
    const list = await List.create({ userId: owner.id, title: 'Heists', privacy: 'public', ranked: false, shareToken: 'tok-heists' })
    const top = (await client.post(`/api/v1/lists/${list.id}/comments`).json({ body: 'Great list' }).loginAs(alice)).body()
    const reply = await client.post(`/api/v1/lists/${list.id}/comments`).json({ body: 'Agreed', parent_id: top.id }).loginAs(bob)
    reply.assertStatus(201)
    const nested = await client
      .post(`/api/v1/lists/${list.id}/comments`)
      .json({ body: 'Thanks!', parent_id: reply.body().id })
      .loginAs(owner)
    nested.assertStatus(201)
    await waitForQueues(['notifications'])

    const toAlice = await listNotifications(client, alice)
    assert.lengthOf(toAlice.data, 1)
    assert.equal(toAlice.data[0].message, `${UserSummaryTransformer.summary(bob).display_name} replied to your comment on the list “Heists”`)
    assert.deepEqual(toAlice.data[0].data, {
      comment_id: reply.body().id,
      parent_id: top.id,
      movie_id: null,
      list_id: list.id,
      user: UserSummaryTransformer.summary(bob),
    })
    assert.isNull(toAlice.data[0].movie_id)
    const toBob = await listNotifications(client, bob)
    assert.lengthOf(toBob.data, 1)
    assert.equal(toBob.data[0].data.comment_id, nested.body().id)
    assert.equal(toBob.data[0].data.user.id, owner.id)
    // The list owner is not the parent author of anything here.
    assert.lengthOf((await listNotifications(client, owner)).data, 0)
    assert.equal(await countRows('notifications'), 2)
  })

  test('no notification for a reply to oneself, or when a block came between the reply and the job', async ({ client, assert }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    const movie = await MovieFactory.create()
    const top = (await client.post(`/api/v1/movies/${movie.id}/comments`).json({ body: 'Top' }).loginAs(alice)).body()
    const own = await client.post(`/api/v1/movies/${movie.id}/comments`).json({ body: 'Edit: typo', parent_id: top.id }).loginAs(alice)
    own.assertStatus(201)

    const notifications = queue.queue('notifications')
    await notifications.pause()
    try {
      ;(await client.post(`/api/v1/movies/${movie.id}/comments`).json({ body: 'Hm', parent_id: top.id }).loginAs(bob)).assertStatus(201)
      ;(await client.post(`/api/v1/movies/${movie.id}/comments`).json({ body: 'Yo', parent_id: top.id }).loginAs(carol)).assertStatus(201)
      // Either direction counts: alice blocks bob, carol blocks alice.
      await makeBlock(alice, bob)
      await makeBlock(carol, alice)
    } finally {
      await notifications.resume()
    }
    await waitForQueues(['notifications'])

    assert.equal(await countRows('comments'), 4)
    assert.equal(await countRows('notifications'), 0)
    const { meta } = await listNotifications(client, alice)
    assert.equal(meta.total, 0)
    assert.equal(meta.unread_count, 0)
  })

  test('a refused reply (unknown parent) is 422 and queues nothing', async ({ client, assert }) => {
    const alice = await UserFactory.create()
    const movie = await MovieFactory.create()
    const response = await client.post(`/api/v1/movies/${movie.id}/comments`).json({ body: 'Hi', parent_id: 999999 }).loginAs(alice)
    response.assertStatus(422)
    assert.equal(response.body().error.code, 'E_VALIDATION')
    const counts = await pendingJobCounts('notifications', ['waiting', 'active', 'delayed'])
    assert.deepEqual(counts, { waiting: 0, active: 0, delayed: 0 })
    assert.equal(await countRows('comments'), 0)
    assert.equal(await countRows('notifications'), 0)
  })
})
