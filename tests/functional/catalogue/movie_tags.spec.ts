/*
| User tags of a movie: GET /movies/:id/tags counts them (case-insensitively,
| once per user, most used first) from the same table the MovieLens import
| fills; PUT /me/movies/:id/tags replaces the caller's own set, and the
| counts follow at once although they are cached.
*/

import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import { assertError, assertValidation } from '#tests/functional/engagement/helpers'

async function tagRows(userId: number, movieId: number) {
  const rows = await db.from('movie_tags').where({ user_id: userId, movie_id: movieId }).orderBy('tag').select('tag')
  return rows.map((row) => row.tag as string)
}

test.group('Catalogue / movie tags', () => {
  test('PUT sets the caller\'s tags (trimmed, case-insensitive duplicates collapsed); GET /me reads them', async ({ client, assert }) => {
    const movie = await MovieFactory.create()
    const user = await UserFactory.create()
    const response = await client
      .put(`/api/v1/me/movies/${movie.id}/tags`)
      .json({ tags: ['  mind-bending ', 'Cyberpunk', 'cyberpunk', 'CYBERPUNK', 'philosophy'] })
      .loginAs(user)
    response.assertStatus(200)
    assert.deepEqual(response.body(), { movie_id: movie.id, tags: ['Cyberpunk', 'mind-bending', 'philosophy'] })
    assert.deepEqual(await tagRows(user.id, movie.id), ['Cyberpunk', 'mind-bending', 'philosophy'])

    // The whole set is replaced: dropped tags go, kept ones keep their row.
    const kept = await db.from('movie_tags').where({ user_id: user.id, movie_id: movie.id, tag: 'philosophy' }).firstOrFail()
    const again = await client.put(`/api/v1/me/movies/${movie.id}/tags`).json({ tags: ['philosophy', 'slow'] }).loginAs(user)
    again.assertStatus(200)
    assert.deepEqual(again.body().tags, ['philosophy', 'slow'])
    assert.deepEqual(await tagRows(user.id, movie.id), ['philosophy', 'slow'])
    const still = await db.from('movie_tags').where({ user_id: user.id, movie_id: movie.id, tag: 'philosophy' }).firstOrFail()
    assert.equal(still.id, kept.id)

    const mine = await client.get(`/api/v1/me/movies/${movie.id}/tags`).loginAs(user)
    mine.assertStatus(200)
    assert.deepEqual(mine.body(), again.body())

    // An empty set clears them.
    const cleared = await client.put(`/api/v1/me/movies/${movie.id}/tags`).json({ tags: [] }).loginAs(user)
    assert.deepEqual(cleared.body().tags, [])
    assert.deepEqual(await tagRows(user.id, movie.id), [])
  })

  test('bad input is a 422 naming the field, and nothing changes', async ({ client, assert }) => {
    const movie = await MovieFactory.create()
    const user = await UserFactory.create()
    await client.put(`/api/v1/me/movies/${movie.id}/tags`).json({ tags: ['keep me'] }).loginAs(user)
    const put = (body: unknown) => client.put(`/api/v1/me/movies/${movie.id}/tags`).json(body).loginAs(user)

    assertValidation(assert, await put({}), 'tags')
    assertValidation(assert, await put({ tags: 'noir' }), 'tags')
    assertValidation(assert, await put({ tags: Array.from({ length: 21 }, (_, i) => `tag ${i}`) }), 'tags')
    assertValidation(assert, await put({ tags: ['fine', '   '] }), 'tags.1')
    assertValidation(assert, await put({ tags: ['x'.repeat(41)] }), 'tags.0')
    assertValidation(assert, await put({ tags: ['ok', 42] }), 'tags.1')
    assert.deepEqual(await tagRows(user.id, movie.id), ['keep me'])

    // Twenty tags of 40 characters are fine.
    const most = Array.from({ length: 20 }, (_, i) => `${String(i).padStart(2, '0')}${'y'.repeat(38)}`)
    const ok = await put({ tags: most })
    ok.assertStatus(200)
    assert.lengthOf(ok.body().tags, 20)

    assertError(assert, await client.put(`/api/v1/me/movies/${movie.id}/tags`).json({ tags: ['a'] }), 401, 'E_UNAUTHORIZED')
    const hidden = await MovieFactory.merge({ isHidden: true }).create()
    assertError(assert, await client.put(`/api/v1/me/movies/${hidden.id}/tags`).json({ tags: ['a'] }).loginAs(user), 404, 'E_NOT_FOUND')
    assertError(assert, await client.get(`/api/v1/movies/${hidden.id}/tags`), 404, 'E_NOT_FOUND')
    assertError(assert, await client.get(`/api/v1/me/movies/${hidden.id}/tags`).loginAs(user), 404, 'E_NOT_FOUND')
    assert.equal(Number((await db.from('movie_tags').where('movie_id', hidden.id).count('* as n'))[0].n), 0)
  })

  test('counts: most used first, once per user, case-insensitive; two users keep their own sets', async ({ client, assert }) => {
    const movie = await MovieFactory.create()
    const [alice, bob, carol] = await UserFactory.createMany(3)
    // An imported (MovieLens) tag of carol's, in another spelling.
    await db.table('movie_tags').insert({ user_id: carol.id, movie_id: movie.id, tag: 'Dystopia' })

    await client.put(`/api/v1/me/movies/${movie.id}/tags`).json({ tags: ['dystopia', 'noir'] }).loginAs(alice)
    await client.put(`/api/v1/me/movies/${movie.id}/tags`).json({ tags: ['DYSTOPIA', 'rain'] }).loginAs(bob)

    const first = await client.get(`/api/v1/movies/${movie.id}/tags`)
    first.assertStatus(200)
    const counts = first.body().data.map((item: { tag: string; count: number }) => [item.tag.toLowerCase(), item.count])
    assert.deepEqual(counts, [
      ['dystopia', 3],
      ['noir', 1],
      ['rain', 1],
    ])
    assert.equal(first.body().meta.total, 3)

    // Each user's own set is theirs.
    assert.deepEqual((await client.get(`/api/v1/me/movies/${movie.id}/tags`).loginAs(alice)).body().tags, ['dystopia', 'noir'])
    assert.deepEqual((await client.get(`/api/v1/me/movies/${movie.id}/tags`).loginAs(bob)).body().tags, ['DYSTOPIA', 'rain'])

    // Cached, yet a PUT is seen by the next reader.
    await client.put(`/api/v1/me/movies/${movie.id}/tags`).json({ tags: ['noir'] }).loginAs(bob)
    const after = await client.get(`/api/v1/movies/${movie.id}/tags`)
    assert.deepEqual(
      after.body().data.map((item: { tag: string; count: number }) => [item.tag.toLowerCase(), item.count]),
      [
        ['dystopia', 2],
        ['noir', 2],
      ]
    )
    assert.deepEqual(await tagRows(alice.id, movie.id), ['dystopia', 'noir'])

    // Paged like every list.
    const paged = await client.get(`/api/v1/movies/${movie.id}/tags`).qs({ per_page: 1, page: 2 })
    assert.equal(paged.body().data[0].tag.toLowerCase(), 'noir')
    assert.equal(paged.body().meta.last_page, 2)
    assert.deepEqual((await client.get(`/api/v1/movies/${movie.id}/tags`).qs({ page: 5 })).body().data, [])
    assertValidation(assert, await client.get(`/api/v1/movies/${movie.id}/tags`).qs({ per_page: 0 }), 'per_page')
  })
})
