import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { GenreFactory } from '#factories/genre_factory'
import { UserFactory } from '#factories/user_factory'
import Movie, { ABOVE_TEEN_CERTIFICATIONS } from '#models/movie'
import queue from '#jobs/queue/queue'
import SyncMovieJob from '#jobs/sync_movie_job'
import { usCertification } from '#services/tmdb/movie_upsert'
import { imageUrl } from '#transformers/movie_transformer'
import { fakeTmdb } from '#tests/support/services'
import { finished, resetTmdb } from '#tests/support/fake_tmdb/test_helpers'
import { assertValidation, countRows, listNotifications, notificationRows, setFavoriteGenres, waitForQueues } from './helpers.js'

test.group('Notifications / movie_added', (group) => {
  group.each.setup(() => resetTmdb())

  test('a TMDB import of a new movie notifies the fans of its genres its maturity filter allows; a re-sync does not', async ({
    client,
    assert,
  }) => {
    const expected = fakeTmdb().movie(603)!
    const genres = expected.genres!
    assert.isAbove(genres.length, 0)
    await GenreFactory.merge(genres.map(({ id, name }) => ({ id, name }))).createMany(genres.length)
    const elsewhere = await GenreFactory.create()
    const moderator = await UserFactory.apply('moderator').create()
    const [fan, twoGenres, other, teen] = await UserFactory.createMany(4)
    const suspended = await UserFactory.merge({ suspendedAt: DateTime.now() }).create()
    await setFavoriteGenres(client, fan, [genres[0].id])
    await setFavoriteGenres(client, twoGenres, [...genres.map((genre) => genre.id), elsewhere.id])
    await setFavoriteGenres(client, other, [elsewhere.id])
    await setFavoriteGenres(client, teen, [genres[0].id])
    ;(await client.patch('/api/v1/me').json({ maturity_filter: 'teen' }).loginAs(teen)).assertStatus(200)
    // A suspended account cannot PATCH /me: its genres go straight in.
    await db.table('user_genres').insert({ user_id: suspended.id, genre_id: genres[0].id })

    const response = await client.post('/api/v1/movies').loginAs(moderator).json({ tmdb_id: 603 })
    response.assertStatus(202)
    const job = await queue.queue('metadata').getJob(response.body().job_id)
    await finished(job!)
    await waitForQueues()

    const movie = await Movie.findByOrFail('tmdb_id', 603)
    const certification = usCertification(expected.release_dates)
    const teenSees = !(certification && ABOVE_TEEN_CERTIFICATIONS.includes(certification))
    const recipients = [fan.id, twoGenres.id, ...(teenSees ? [teen.id] : [])]
    const rows = await notificationRows('movie_added')
    assert.sameMembers(rows.map((row) => row.user_id), recipients)
    assert.isTrue(rows.every((row) => row.movie_id === movie.id))
    assert.equal(await countRows('notifications'), recipients.length)

    const listed = await listNotifications(client, fan)
    assert.lengthOf(listed.data, 1)
    assert.equal(listed.meta.unread_count, 1)
    assert.containSubset(listed.data[0], {
      type: 'movie_added',
      title: 'New in your genres',
      message: `${movie.title} (${movie.year}) was added to the catalogue`,
      movie_id: movie.id,
      image: imageUrl(expected.poster_path, 'w500'),
      read: false,
    })
    assert.sameDeepMembers(listed.data[0].data.genres, genres.map(({ id, name }) => ({ id, name })))
    for (const user of [other, moderator, ...(teenSees ? [] : [teen])]) {
      assert.lengthOf((await listNotifications(client, user)).data, 0)
    }
    // A suspended account cannot list anything (403): the table shows it got nothing.
    assert.equal(await countRows('notifications', { user_id: suspended.id }), 0)

    // A re-sync of a movie we have announces nothing.
    fakeTmdb().updateMovie(603, { tagline: 'A new tagline' })
    await finished(await SyncMovieJob.dispatch({ tmdbId: 603 }))
    await waitForQueues()
    assert.equal((await Movie.findByOrFail('tmdb_id', 603)).tagline, 'A new tagline')
    assert.equal(await countRows('notifications'), recipients.length)
  })

  test('a movie created by hand is announced; an adult one only to adults who chose the adult filter', async ({ client, assert }) => {
    const [drama, comedy] = await GenreFactory.createMany(2)
    const moderator = await UserFactory.apply('moderator').create()
    const [grownUp, everyone, comedian] = await UserFactory.createMany(3)
    await setFavoriteGenres(client, grownUp, [drama.id])
    ;(await client.patch('/api/v1/me').json({ maturity_filter: 'adult', birth_date: '1980-01-01' }).loginAs(grownUp)).assertStatus(200)
    await setFavoriteGenres(client, everyone, [drama.id, comedy.id])
    await setFavoriteGenres(client, comedian, [comedy.id])

    const plain = await client.post('/api/v1/movies').loginAs(moderator).json({
      title: 'Home Movie',
      release_date: '2024-05-01',
      genre_ids: [drama.id],
    })
    plain.assertStatus(201)
    const adult = await client.post('/api/v1/movies').loginAs(moderator).json({
      title: 'Late Show',
      release_date: '2023-02-01',
      adult: true,
      genre_ids: [drama.id, comedy.id],
    })
    adult.assertStatus(201)
    // The moderator's own filter hides adult titles from the response: find it in the table.
    const lateShow = await Movie.findByOrFail('title', 'Late Show')
    assert.isTrue(lateShow.adult)
    await waitForQueues(['notifications'])

    const rows = await notificationRows('movie_added')
    assert.sameDeepMembers(
      rows.map((row) => [row.user_id, row.movie_id]),
      [
        [grownUp.id, plain.body().id],
        [everyone.id, plain.body().id],
        [grownUp.id, lateShow.id],
      ]
    )
    const toGrownUp = await listNotifications(client, grownUp)
    assert.deepEqual(
      toGrownUp.data.map((item) => item.message),
      ['Late Show (2023) was added to the catalogue', 'Home Movie (2024) was added to the catalogue']
    )
    assert.equal(toGrownUp.meta.unread_count, 2)
    assert.lengthOf((await listNotifications(client, comedian)).data, 0)
  })

  test('a refused manual creation (unknown genre) is 422 and announces nothing', async ({ client, assert }) => {
    const drama = await GenreFactory.create()
    const moderator = await UserFactory.apply('moderator').create()
    const fan = await UserFactory.create()
    await setFavoriteGenres(client, fan, [drama.id])
    const response = await client.post('/api/v1/movies').loginAs(moderator).json({
      title: 'Nope',
      release_date: '2024-05-01',
      genre_ids: [drama.id, 424242],
    })
    assertValidation(assert, response, 'genre_ids')
    await waitForQueues(['notifications'])
    assert.equal(await countRows('movies'), 0)
    assert.equal(await countRows('notifications'), 0)
  })
})
