import { test } from '@japa/runner'
import queue from '#jobs/queue/queue'
import AuditLog from '#models/audit_log'
import { PersonFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import { createStaff } from '#tests/support/admin'
import { resetTmdb } from '#tests/support/fake_tmdb/test_helpers'
import { filmography } from '#tests/functional/people/helpers'

/*
| The admin panel's person page: details and the whole filmography (hidden
| and adult movies included, marked), linked from a movie's cast; a
| "re-sync" form (CSRF) queues the person's TMDB sync and is audited.
*/

test.group('People / admin person page', (group) => {
  group.each.setup(() => resetTmdb())

  test('shows details and every credit, hidden and adult ones marked; the movie page links its cast here', async ({
    client,
    assert,
  }) => {
    const moderator = await createStaff()
    const world = await filmography()
    await world.person.merge({ biography: 'An <b>invented</b> film-maker.', placeOfBirth: 'Port Ellery' }).save()

    const page = await client.get(`/admin/people/${world.person.id}`).withGuard('web').loginAs(moderator)
    page.assertStatus(200)
    const html = page.text()
    assert.include(html, '<h1>Delphine Crowhurst')
    assert.include(html, 'An &lt;b&gt;invented&lt;/b&gt; film-maker.')
    assert.include(html, '<strong id="person-sync">never synced</strong>')
    // Three cast and three crew credits visible to all, plus the hidden and the adult one.
    assert.include(html, 'Filmography (8)')
    for (const credit of world.acted) {
      assert.include(html, `<a href="/admin/movies/${credit.movie.id}">`)
      assert.include(html, credit.character)
    }
    assert.include(html, 'Screenplay')
    assert.match(html, new RegExp(`/admin/movies/${world.hidden.id}">[^<]*</a></td>\\s*<td>cast</td>\\s*<td>Hidden role</td>\\s*<td>Acting</td>\\s*<td>hidden</td>`))
    assert.match(html, new RegExp(`/admin/movies/${world.adult.id}">[^<]*</a></td>\\s*<td>crew</td>\\s*<td>Director</td>\\s*<td>Directing</td>\\s*<td>adult</td>`))

    const moviePage = await client.get(`/admin/movies/${world.acted[0].movie.id}`).withGuard('web').loginAs(moderator)
    moviePage.assertStatus(200)
    assert.include(moviePage.text(), `<a href="/admin/people/${world.person.id}">Delphine Crowhurst</a> as ${world.acted[0].character}`)

    assert.equal((await client.get('/admin/people/424242').withGuard('web').loginAs(moderator)).status(), 404)
  })

  test('re-sync queues the person sync once and is audited; a person without a TMDB id is refused', async ({ client, assert }) => {
    const moderator = await createStaff()
    const person = await PersonFactory.merge({ tmdbId: 9_000_123 }).create()
    const handMade = await PersonFactory.merge({ tmdbId: null }).create()
    const metadata = queue.queue('metadata')
    await metadata.pause()
    try {
      const resync = await client
        .post(`/admin/people/${person.id}/resync`)
        .withGuard('web')
        .loginAs(moderator)
        .withCsrfToken()
        .redirects(0)
      resync.assertStatus(302)
      assert.equal(resync.header('location'), `/admin/people/${person.id}`)
      assert.equal(resync.flashMessages().success, 'Re-sync queued (job person-sync-9000123).')
      const job = await metadata.getJob('person-sync-9000123')
      assert.deepEqual(job?.data, { tmdbId: 9_000_123 })
      const audit = await AuditLog.findByOrFail('action', 'person.resync')
      assert.include(audit.toJSON(), { actorId: moderator.id, targetType: 'person', targetId: String(person.id) })
      assert.deepEqual(audit.details, { job_id: 'person-sync-9000123', tmdb_id: 9_000_123 })

      const refused = await client
        .post(`/admin/people/${handMade.id}/resync`)
        .withGuard('web')
        .loginAs(moderator)
        .withCsrfToken()
        .redirects(0)
      refused.assertStatus(302)
      assert.equal(refused.flashMessages().error, 'This person has no TMDB id: there is nothing to sync from')
      assert.lengthOf(await AuditLog.query().where('action', 'person.resync'), 1)
    } finally {
      await metadata.resume()
    }
  })

  test('plain users, anonymous visitors and forms without a CSRF token change nothing', async ({ client, assert }) => {
    const person = await PersonFactory.merge({ tmdbId: 9_000_124 }).create()
    const user = await UserFactory.create()
    const moderator = await createStaff()

    const anonymous = await client.get(`/admin/people/${person.id}`).redirects(0)
    anonymous.assertStatus(302)
    assert.equal(anonymous.header('location'), '/admin/login')
    ;(await client.get(`/admin/people/${person.id}`).withGuard('web').loginAs(user)).assertStatus(403)
    const plain = await client.post(`/admin/people/${person.id}/resync`).withGuard('web').loginAs(user).withCsrfToken().redirects(0)
    plain.assertStatus(403)
    const noCsrf = await client.post(`/admin/people/${person.id}/resync`).withGuard('web').loginAs(moderator).redirects(0)
    noCsrf.assertStatus(403)
    assert.isUndefined(await queue.queue('metadata').getJob('person-sync-9000124'))
    assert.lengthOf(await AuditLog.query().where('action', 'person.resync'), 0)
  })
})
