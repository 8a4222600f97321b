import { test } from '@japa/runner'
import queue from '#jobs/queue/queue'
import Movie from '#models/movie'
import AuditLog from '#models/audit_log'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import { createStaff } from '#tests/support/admin'

test.group('Admin / movies', () => {
  test('searches by title or TMDB id, paginated, titles escaped', async ({ client, assert }) => {
    const moderator = await createStaff()
    await MovieFactory.merge({ title: 'Needle <i>in</i> haystack', tmdbId: 424242 }).create()
    await MovieFactory.createMany(26)

    const byTitle = await client.get('/admin/movies').qs({ q: 'needle' }).withGuard('web').loginAs(moderator)
    byTitle.assertStatus(200)
    assert.include(byTitle.text(), 'Needle &lt;i&gt;in&lt;/i&gt; haystack')
    assert.include(byTitle.text(), '(1 in all)')
    const byTmdb = await client.get('/admin/movies').qs({ q: '424242' }).withGuard('web').loginAs(moderator)
    assert.include(byTmdb.text(), 'Needle &lt;i&gt;in&lt;/i&gt; haystack')
    const page2 = await client.get('/admin/movies').qs({ page: 2 }).withGuard('web').loginAs(moderator)
    assert.include(page2.text(), 'Page 2 of 2 (27 in all)')
  })

  test('shows and edits a movie; invalid fields come back inline', async ({ client, assert }) => {
    const moderator = await createStaff()
    const movie = await MovieFactory.create()
    const show = await client.get(`/admin/movies/${movie.id}`).withGuard('web').loginAs(moderator)
    show.assertStatus(200)
    assert.include(show.text(), '<strong id="movie-visibility">visible</strong>')

    const invalid = await client
      .post(`/admin/movies/${movie.id}`)
      .withGuard('web')
      .loginAs(moderator)
      .header('referer', `/admin/movies/${movie.id}`)
      .withCsrfToken()
      .form({ title: '', runtime: 'long' })
      .redirects(0)
    invalid.assertStatus(302)
    assert.properties(invalid.flashMessages().inputErrorsBag, ['title', 'runtime'])
    assert.equal((await Movie.findOrFail(movie.id)).title, movie.title)

    const saved = await client
      .post(`/admin/movies/${movie.id}`)
      .withGuard('web')
      .loginAs(moderator)
      .withCsrfToken()
      .form({ title: 'Renamed', overview: 'New overview', runtime: '101', release_date: '2001-02-03', adult: 'true' })
      .redirects(0)
    saved.assertStatus(302)
    assert.equal(saved.header('location'), `/admin/movies/${movie.id}`)
    const fresh = await Movie.findOrFail(movie.id)
    assert.equal(fresh.title, 'Renamed')
    assert.equal(fresh.runtime, 101)
    assert.equal(fresh.releaseDate?.toISODate(), '2001-02-03')
    assert.isTrue(fresh.adult)
    const audit = await AuditLog.findByOrFail('action', 'movie.update')
    assert.include(audit.details.changed as string[], 'title')
  })

  test('hides and unhides a movie (the API stops showing it)', async ({ client, assert }) => {
    const moderator = await createStaff()
    const [movie, other] = await MovieFactory.createMany(2)
    // A rater's /me/ratings is served from memory: it must follow the moderator too.
    const rater = await UserFactory.create()
    for (const rated of [movie, other]) {
      ;(await client.put(`/api/v1/movies/${rated.id}/rating`).json({ rating: 4 }).loginAs(rater)).assertStatus(201)
    }
    const ratedIds = async () => {
      const response = await client.get('/api/v1/me/ratings').loginAs(rater)
      response.assertStatus(200)
      return { ids: response.body().data.map((m: { id: number }) => m.id), total: response.body().meta.total }
    }
    assert.deepEqual(await ratedIds(), { ids: [other.id, movie.id], total: 2 })
    const hide = await client
      .post(`/admin/movies/${movie.id}/hide`)
      .withGuard('web')
      .loginAs(moderator)
      .withCsrfToken()
      .redirects(0)
    hide.assertStatus(302)
    assert.isTrue((await Movie.findOrFail(movie.id)).isHidden)
    ;(await client.get(`/api/v1/movies/${movie.id}`)).assertStatus(404)
    assert.deepEqual(await ratedIds(), { ids: [other.id], total: 1 })

    const unhide = await client
      .post(`/admin/movies/${movie.id}/unhide`)
      .withGuard('web')
      .loginAs(moderator)
      .withCsrfToken()
      .redirects(0)
    unhide.assertStatus(302)
    assert.isFalse((await Movie.findOrFail(movie.id)).isHidden)
    assert.deepEqual(await ratedIds(), { ids: [other.id, movie.id], total: 2 })
    assert.sameMembers(
      (await AuditLog.all()).map((entry) => entry.action),
      ['movie.hide', 'movie.unhide']
    )
  })

  test('re-sync queues a TMDB job; a movie without a TMDB id says why not', async ({ client, assert }) => {
    const moderator = await createStaff()
    const movie = await MovieFactory.merge({ tmdbId: 19995 }).create()
    const manual = await MovieFactory.merge({ tmdbId: null }).create()
    const resync = await client
      .post(`/admin/movies/${movie.id}/resync`)
      .withGuard('web')
      .loginAs(moderator)
      .withCsrfToken()
      .redirects(0)
    resync.assertStatus(302)
    assert.match(String(resync.flashMessages().success), /Re-sync queued \(job movie-sync-19995\)/)
    assert.exists(await queue.queue('metadata').getJob('movie-sync-19995'))

    const refused = await client
      .post(`/admin/movies/${manual.id}/resync`)
      .withGuard('web')
      .loginAs(moderator)
      .withCsrfToken()
      .redirects(0)
    assert.equal(refused.flashMessages().error, 'This movie has no TMDB id: there is nothing to sync from')
    assert.lengthOf(await AuditLog.query().where('action', 'movie.resync'), 1)
  })

  test('adds a movie by TMDB id; a known id is refused inline', async ({ client, assert }) => {
    const moderator = await createStaff()
    await MovieFactory.merge({ tmdbId: 285 }).create()
    const queued = await client
      .post('/admin/movies/import')
      .withGuard('web')
      .loginAs(moderator)
      .withCsrfToken()
      .form({ tmdb_id: '19995' })
      .redirects(0)
    queued.assertStatus(302)
    assert.match(String(queued.flashMessages().success), /Import of TMDB #19995 queued/)
    assert.exists(await AuditLog.findBy('action', 'movie.import'))

    const known = await client
      .post('/admin/movies/import')
      .withGuard('web')
      .loginAs(moderator)
      .withCsrfToken()
      .form({ tmdb_id: '285' })
      .redirects(0)
    known.assertStatus(302)
    assert.deepEqual(known.flashMessages().inputErrorsBag, { tmdb_id: ['A movie with this tmdb_id already exists'] })
    assert.lengthOf(await AuditLog.query().where('action', 'movie.import'), 1)
  })

  test('plain users and forms without CSRF tokens change nothing', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const moderator = await createStaff()
    const movie = await MovieFactory.create()
    ;(await client.get('/admin/movies').withGuard('web').loginAs(user)).assertStatus(403)
    const noToken = await client.post(`/admin/movies/${movie.id}/hide`).withGuard('web').loginAs(moderator)
    noToken.assertStatus(403)
    assert.isFalse((await Movie.findOrFail(movie.id)).isHidden)
  })
})
