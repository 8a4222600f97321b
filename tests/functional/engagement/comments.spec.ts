import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import Comment from '#models/comment'
import List from '#models/list'
import { assertError, assertValidation, countRows, USER_SUMMARY_KEYS } from './helpers.js'

async function comment(userId: number, movieId: number, body: string, parentId: number | null = null) {
  return Comment.create({ userId, movieId, body, parentId })
}

test.group('Engagement / movie comments', () => {
  test('POST creates a comment (201) in the contract shape', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const movie = await MovieFactory.create()

    const response = await client
      .post(`/api/v1/movies/${movie.id}/comments`)
      .json({ body: '  What an ending!  ' })
      .loginAs(user)
    response.assertStatus(201)
    const body = response.body()
    assert.containSubset(body, { body: 'What an ending!', parent_id: null, replies_count: 0, deleted: false, movie_id: movie.id })
    assert.properties(body, ['id', 'user', 'body', 'parent_id', 'created_at', 'replies_count'])
    assert.deepEqual(Object.keys(body.user).sort(), [...USER_SUMMARY_KEYS].sort())
    const row = await Comment.findOrFail(body.id)
    assert.equal(row.body, 'What an ending!')
    assert.equal(row.userId, user.id)
  })

  test('replies thread under their parent; GET lists top-level comments with replies_count', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const movie = await MovieFactory.create()
    const top = await comment(alice.id, movie.id, 'Top')
    await comment(alice.id, movie.id, 'Second top')

    const reply = await client
      .post(`/api/v1/movies/${movie.id}/comments`)
      .json({ body: 'I disagree', parent_id: top.id })
      .loginAs(bob)
    reply.assertStatus(201)
    assert.equal(reply.body().parent_id, top.id)

    const list = await client.get(`/api/v1/movies/${movie.id}/comments`).qs({ sort: 'created_at' })
    list.assertStatus(200)
    assert.deepEqual(
      list.body().data.map((c: { body: string; replies_count: number }) => [c.body, c.replies_count]),
      [
        ['Top', 1],
        ['Second top', 0],
      ]
    )
    assert.equal(list.body().meta.total, 2)

    const replies = await client.get(`/api/v1/comments/${top.id}/replies`)
    replies.assertStatus(200)
    assert.deepEqual(
      replies.body().data.map((c: { body: string; user: { id: number } }) => [c.body, c.user.id]),
      [['I disagree', bob.id]]
    )
    assertError(assert, await client.get('/api/v1/comments/999999/replies'), 404, 'E_NOT_FOUND')
  })

  test('a parent from another movie or that does not exist is 422, nothing written', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const [movie, other] = await MovieFactory.createMany(2)
    const elsewhere = await comment(user.id, other.id, 'Elsewhere')
    for (const parentId of [elsewhere.id, 999999]) {
      const response = await client
        .post(`/api/v1/movies/${movie.id}/comments`)
        .json({ body: 'Reply', parent_id: parentId })
        .loginAs(user)
      assertValidation(assert, response, 'parent_id')
    }
    assert.equal(await countRows('comments'), 1)
  })

  test('bodies must be 1–2000 characters; 10,000 characters is 422, nothing written', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const movie = await MovieFactory.create()
    for (const body of ['', '   ', 'x'.repeat(2001), 'x'.repeat(10_000), 42, null]) {
      const response = await client.post(`/api/v1/movies/${movie.id}/comments`).json({ body }).loginAs(user)
      assertValidation(assert, response, 'body')
    }
    assert.equal(await countRows('comments'), 0)
    const longest = await client.post(`/api/v1/movies/${movie.id}/comments`).json({ body: 'y'.repeat(2000) }).loginAs(user)
    longest.assertStatus(201)
  })

  test('an unknown movie is 404 (GET and POST); POST without a token is 401', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const movie = await MovieFactory.create()
    assertError(assert, await client.get('/api/v1/movies/999999/comments'), 404, 'E_NOT_FOUND')
    assertError(assert, await client.post('/api/v1/movies/999999/comments').json({ body: 'Hi' }).loginAs(user), 404, 'E_NOT_FOUND')
    assertError(assert, await client.post(`/api/v1/movies/${movie.id}/comments`).json({ body: 'Hi' }), 401, 'E_UNAUTHORIZED')
    assert.equal(await countRows('comments'), 0)
  })

  test('pages and sorts newest first by default', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const movie = await MovieFactory.create()
    for (const body of ['one', 'two', 'three']) await comment(user.id, movie.id, body)
    const response = await client.get(`/api/v1/movies/${movie.id}/comments`).qs({ per_page: 2 })
    assert.deepEqual(
      response.body().data.map((c: { body: string }) => c.body),
      ['three', 'two']
    )
    assert.equal(response.body().meta.last_page, 2)
    assertValidation(assert, await client.get(`/api/v1/movies/${movie.id}/comments`).qs({ per_page: 0 }), 'per_page')
  })
})

test.group('Engagement / PATCH and DELETE /comments/:id', () => {
  test('the author edits their comment (200)', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const movie = await MovieFactory.create()
    const target = await comment(user.id, movie.id, 'Typo')
    const response = await client.patch(`/api/v1/comments/${target.id}`).json({ body: 'Fixed' }).loginAs(user)
    response.assertStatus(200)
    assert.equal(response.body().body, 'Fixed')
    assert.isString(response.body().edited_at)
    await target.refresh()
    assert.equal(target.body, 'Fixed')

    assertValidation(assert, await client.patch(`/api/v1/comments/${target.id}`).json({ body: 'z'.repeat(10_000) }).loginAs(user), 'body')
    assertError(assert, await client.patch('/api/v1/comments/999999').json({ body: 'x' }).loginAs(user), 404, 'E_NOT_FOUND')
    await target.refresh()
    assert.equal(target.body, 'Fixed')
  })

  test("neither another user nor a moderator can edit someone's comment (403, unchanged)", async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const moderator = await UserFactory.apply('moderator').create()
    const movie = await MovieFactory.create()
    const target = await comment(alice.id, movie.id, "Alice's words")

    for (const intruder of [bob, moderator]) {
      const response = await client.patch(`/api/v1/comments/${target.id}`).json({ body: 'Hijacked' }).loginAs(intruder)
      assertError(assert, response, 403, 'E_FORBIDDEN')
    }
    assertError(assert, await client.delete(`/api/v1/comments/${target.id}`).loginAs(bob), 403, 'E_FORBIDDEN')
    await target.refresh()
    assert.equal(target.body, "Alice's words")
    assert.isNull(target.editedAt)
    assert.isNull(target.deletedAt)
  })

  test('CommentPolicy: across a block or on a hidden movie a comment is 404 (not 403) to edit or delete; an admin deletes like a moderator', async ({
    client,
    assert,
  }) => {
    const [alice, bob, carol] = await UserFactory.createMany(3)
    const admin = await UserFactory.apply('admin').create()
    const movie = await MovieFactory.create()
    const hiddenMovie = await MovieFactory.merge({ isHidden: true }).create()
    const alicesWords = await comment(alice.id, movie.id, "Alice's words")
    const onHidden = await comment(carol.id, hiddenMovie.id, 'On a hidden movie')
    await db.table('blocks').insert({ blocker_id: alice.id, blocked_id: bob.id })

    for (const response of [
      await client.patch(`/api/v1/comments/${alicesWords.id}`).json({ body: 'Hijacked' }).loginAs(bob),
      await client.delete(`/api/v1/comments/${alicesWords.id}`).loginAs(bob),
      await client.patch(`/api/v1/comments/${onHidden.id}`).json({ body: 'Edited' }).loginAs(carol),
    ]) {
      assertError(assert, response, 404, 'E_NOT_FOUND')
      assert.equal(response.body().error.message, 'Comment not found')
    }
    await alicesWords.refresh()
    assert.equal(alicesWords.body, "Alice's words")

    ;(await client.delete(`/api/v1/comments/${alicesWords.id}`).loginAs(admin)).assertStatus(204)
    assert.equal(await countRows('comments', { id: alicesWords.id }), 0)
  })

  test('a comment without replies vanishes (204)', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const movie = await MovieFactory.create()
    const target = await comment(user.id, movie.id, 'Bye')
    ;(await client.delete(`/api/v1/comments/${target.id}`).loginAs(user)).assertStatus(204)
    assert.isNull(await Comment.find(target.id))
    assertError(assert, await client.delete(`/api/v1/comments/${target.id}`).loginAs(user), 404, 'E_NOT_FOUND')
  })

  test('a comment with replies becomes "[deleted]"; it goes once its last reply goes', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const movie = await MovieFactory.create()
    const parent = await comment(alice.id, movie.id, 'Parent')
    const reply = await comment(bob.id, movie.id, 'Reply', parent.id)

    ;(await client.delete(`/api/v1/comments/${parent.id}`).loginAs(alice)).assertStatus(204)
    await parent.refresh()
    assert.isNotNull(parent.deletedAt)
    assert.isNull(parent.body)

    const list = await client.get(`/api/v1/movies/${movie.id}/comments`)
    assert.containSubset(list.body().data, [{ id: parent.id, body: '[deleted]', user: null, deleted: true, replies_count: 1 }])
    const replies = await client.get(`/api/v1/comments/${parent.id}/replies`)
    assert.equal(replies.body().data[0].body, 'Reply')
    assertError(assert, await client.patch(`/api/v1/comments/${parent.id}`).json({ body: 'Back' }).loginAs(alice), 404, 'E_NOT_FOUND')
    const replyToDeleted = await client
      .post(`/api/v1/movies/${movie.id}/comments`)
      .json({ body: 'Late reply', parent_id: parent.id })
      .loginAs(bob)
    assertValidation(assert, replyToDeleted, 'parent_id')

    ;(await client.delete(`/api/v1/comments/${reply.id}`).loginAs(bob)).assertStatus(204)
    assert.equal(await countRows('comments'), 0)
  })

  test("a moderator may delete another user's comment", async ({ client, assert }) => {
    const alice = await UserFactory.create()
    const moderator = await UserFactory.apply('moderator').create()
    const movie = await MovieFactory.create()
    const target = await comment(alice.id, movie.id, 'Spam spam spam')
    ;(await client.delete(`/api/v1/comments/${target.id}`).loginAs(moderator)).assertStatus(204)
    assert.isNull(await Comment.find(target.id))
  })

  test('without a token PATCH and DELETE are 401', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const movie = await MovieFactory.create()
    const target = await comment(user.id, movie.id, 'Stay')
    assertError(assert, await client.patch(`/api/v1/comments/${target.id}`).json({ body: 'x' }), 401, 'E_UNAUTHORIZED')
    assertError(assert, await client.delete(`/api/v1/comments/${target.id}`), 401, 'E_UNAUTHORIZED')
    await target.refresh()
    assert.equal(target.body, 'Stay')
  })
})

test.group('Engagement / list comments', () => {
  test('comment threads of lists follow the list privacy', async ({ client, assert }) => {
    const [owner, other] = await UserFactory.createMany(2)
    const open = await List.create({ userId: owner.id, title: 'Open', privacy: 'public', ranked: false, shareToken: 'tok-open' })
    const secret = await List.create({ userId: owner.id, title: 'Secret', privacy: 'private', ranked: false, shareToken: 'tok-secret' })
    const linked = await List.create({ userId: owner.id, title: 'Linked', privacy: 'link', ranked: false, shareToken: 'tok-link' })

    const created = await client.post(`/api/v1/lists/${open.id}/comments`).json({ body: 'Nice picks' }).loginAs(other)
    created.assertStatus(201)
    assert.equal(created.body().list_id, open.id)
    const listed = await client.get(`/api/v1/lists/${open.id}/comments`)
    assert.equal(listed.body().data[0].body, 'Nice picks')

    assertError(assert, await client.get(`/api/v1/lists/${secret.id}/comments`).loginAs(other), 404, 'E_NOT_FOUND')
    assertError(assert, await client.post(`/api/v1/lists/${secret.id}/comments`).json({ body: 'Hi' }).loginAs(other), 404, 'E_NOT_FOUND')
    assertError(assert, await client.get(`/api/v1/lists/${linked.id}/comments`), 404, 'E_NOT_FOUND')
    ;(await client.get(`/api/v1/lists/${linked.id}/comments`).qs({ share_token: 'tok-link' })).assertStatus(200)
    const viaLink = await client
      .post(`/api/v1/lists/${linked.id}/comments`)
      .qs({ share_token: 'tok-link' })
      .json({ body: 'Thanks for the link' })
      .loginAs(other)
    viaLink.assertStatus(201)
    ;(await client.post(`/api/v1/lists/${secret.id}/comments`).json({ body: 'Note to self' }).loginAs(owner)).assertStatus(201)
    assert.equal(await countRows('comments', { list_id: secret.id }), 1)
    assert.equal(await countRows('comments'), 3)
  })
})
