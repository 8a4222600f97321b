import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import Movie from '#models/movie'
import type User from '#models/user'
import SyncMovieJob from '#jobs/sync_movie_job'
import { imageUrl } from '#transformers/movie_transformer'
import { fakeTmdb } from '#tests/support/services'
import { finished, resetTmdb } from '#tests/support/fake_tmdb/test_helpers'
import { countRows, listNotifications, notificationRows, waitForQueues } from './helpers.js'

async function resync(tmdbId: number) {
  await finished(await SyncMovieJob.dispatch({ tmdbId }))
  await waitForQueues()
}

async function favorite(client: Parameters<typeof listNotifications>[0], user: User, movie: Movie) {
  const response = await client.put(`/api/v1/me/favorites/${movie.id}`).loginAs(user)
  response.assertStatus(201)
}

test.group('Notifications / favorite_update', (group) => {
  group.each.setup(() => resetTmdb())

  test('a re-sync that changes details notifies the users who favourited the movie, once per re-sync', async ({ client, assert }) => {
    await resync(550)
    const movie = await Movie.findByOrFail('tmdb_id', 550)
    const [fan, otherFan, stranger] = await UserFactory.createMany(3)
    const suspended = await UserFactory.merge({ suspendedAt: DateTime.now() }).create()
    await favorite(client, fan, movie)
    await favorite(client, otherFan, movie)
    await db.table('favorites').insert({ user_id: suspended.id, movie_id: movie.id })
    assert.equal(await countRows('notifications'), 0)

    fakeTmdb().updateMovie(550, { title: 'Fight Club: Redux', runtime: 151, poster_path: '/redux.jpg', popularity: 999 })
    await resync(550)

    const updated = await Movie.findOrFail(movie.id)
    assert.equal(updated.title, 'Fight Club: Redux')
    const rows = await notificationRows('favorite_update')
    assert.sameMembers(rows.map((row) => row.user_id), [fan.id, otherFan.id])
    assert.equal(await countRows('notifications'), 2)

    const listed = await listNotifications(client, fan)
    assert.lengthOf(listed.data, 1)
    assert.equal(listed.meta.unread_count, 1)
    assert.containSubset(listed.data[0], {
      type: 'favorite_update',
      title: 'A favourite was updated',
      message: `Fight Club: Redux (${updated.year}): new title, runtime, poster`,
      movie_id: movie.id,
      image: imageUrl('/redux.jpg', 'w500'),
    })
    // TMDB's figures (popularity) are not news.
    assert.deepEqual(listed.data[0].data.changed, ['title', 'runtime', 'poster_path'])
    assert.equal(Date.parse(listed.data[0].data.synced_at), updated.metadataSyncedAt!.toMillis())
    assert.lengthOf((await listNotifications(client, stranger)).data, 0)
    assert.equal(await countRows('notifications', { user_id: suspended.id }), 0)

    // Nothing new from TMDB, or only new figures: no notification.
    await resync(550)
    fakeTmdb().updateMovie(550, { vote_count: 12_345, popularity: 1234 })
    await resync(550)
    assert.equal((await Movie.findOrFail(movie.id)).voteCount, 12_345)
    assert.equal(await countRows('notifications'), 2)

    // The next real change is a new notification.
    fakeTmdb().updateMovie(550, { overview: 'A rewritten overview.' })
    await resync(550)
    const again = await listNotifications(client, fan)
    assert.lengthOf(again.data, 2)
    assert.deepEqual(again.data[0].data.changed, ['overview'])
    assert.equal(again.meta.unread_count, 2)
    assert.equal(await countRows('notifications'), 4)
  })

  test('the first TMDB sync of a movie we only knew by id fills it in without notifying its fans', async ({ client, assert }) => {
    const known = await MovieFactory.merge({ tmdbId: 550, title: 'Fight club (1999)', metadataSyncedAt: null }).create()
    const fan = await UserFactory.create()
    await favorite(client, fan, known)

    await resync(550)

    const synced = await Movie.findOrFail(known.id)
    assert.equal(synced.title, 'Fight Club')
    assert.isNotNull(synced.metadataSyncedAt)
    assert.equal(await countRows('notifications'), 0)
    assert.lengthOf((await listNotifications(client, fan)).data, 0)
  })
})
