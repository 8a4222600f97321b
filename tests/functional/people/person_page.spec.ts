import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import queue from '#jobs/queue/queue'
import SyncPersonJob from '#jobs/sync_person_job'
import Movie from '#models/movie'
import Person from '#models/person'
import { CastCreditFactory, PersonFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import { syncMovie } from '#services/tmdb/movie_sync_service'
import { fakeTmdb } from '#tests/support/services'
import { finished, resetTmdb, testClient, waitForQueueIdle } from '#tests/support/fake_tmdb/test_helpers'
import { assertError, eventually } from '#tests/functional/engagement/helpers'
import { filmography, movieOn } from '#tests/functional/people/helpers'

/*
| GET /people/:id (API.md, "People and filmographies"): a person's page
| from TMDB's /person/{id}, with their best-known visible movies. A person
| the movie credits brought in but TMDB was never asked about answers 200
| with what is known and queues one (deduplicated) sync; the cached page is
| dropped when the sync lands. Unknown ids are 404.
*/

const metadata = () => queue.queue('metadata')

/** Person syncs in the metadata queue, whatever their state (the schedules' own delayed runs aside). */
async function personSyncJobs() {
  const jobs = await metadata().getJobs(['waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed'])
  return jobs.filter((job) => job.name === 'sync-person')
}

/** Fight Club from the fake TMDB with its credits: people known only by name and photo. */
async function creditedPerson() {
  const movieId = (await syncMovie(550, { client: testClient(), announce: false })).movie.id
  const credit = await db
    .from('movie_crew')
    .join('people', 'people.id', 'movie_crew.person_id')
    .where({ movie_id: movieId, job: 'Director' })
    .select('people.id', 'people.tmdb_id')
    .firstOrFail()
  return { movieId, personId: credit.id as number, tmdbId: credit.tmdb_id as number }
}

test.group('People / person page', (group) => {
  group.each.setup(() => resetTmdb())

  test('a person not synced yet: 200 with what is known, one sync queued, then the page fills in', async ({ client, assert }) => {
    const { movieId, personId, tmdbId } = await creditedPerson()
    await metadata().pause()
    try {
      const first = await client.get(`/api/v1/people/${personId}`)
      first.assertStatus(200)
      const person = await Person.findOrFail(personId)
      assert.include(first.body(), {
        id: personId,
        tmdb_id: tmdbId,
        name: person.name,
        biography: null,
        birthday: null,
        place_of_birth: null,
        details_synced_at: null,
        known_for_department: 'Directing',
      })
      assert.deepEqual(
        first.body().known_for.map((movie: any) => movie.id),
        [movieId]
      )
      const job = await metadata().getJob(`person-sync-${tmdbId}`)
      assert.exists(job)
      assert.equal(job!.name, 'sync-person')
      assert.deepEqual(job!.data, { tmdbId })

      // Asking again (the page is cached now) queues nothing new.
      ;(await client.get(`/api/v1/people/${personId}`)).assertStatus(200)
      assert.lengthOf(await personSyncJobs(), 1)
    } finally {
      await metadata().resume()
    }

    const page = fakeTmdb().catalogue.personDetails(tmdbId)!
    const filled = await eventually(async () => {
      const response = await client.get(`/api/v1/people/${personId}`)
      return response.body().details_synced_at ? response : null
    })
    filled.assertStatus(200)
    assert.include(filled.body(), {
      name: page.name,
      biography: page.biography || null,
      birthday: page.birthday,
      deathday: page.deathday,
      place_of_birth: page.place_of_birth,
      known_for_department: page.known_for_department,
      imdb_id: page.imdb_id,
      popularity: page.popularity,
    })
    assert.isTrue(filled.body().profile_url === null ? page.profile_path === null : filled.body().profile_url.endsWith(page.profile_path!))
    const stored = await Person.findOrFail(personId)
    assert.equal(stored.placeOfBirth, page.place_of_birth)
    assert.isNotNull(stored.detailsSyncedAt)

    // Synced: reading the page queues nothing more.
    await waitForQueueIdle()
    await metadata().clean(0, 0, 'completed')
    ;(await client.get(`/api/v1/people/${personId}`)).assertStatus(200)
    assert.lengthOf(await personSyncJobs(), 0)
  }).timeout(60_000)

  test('the person sync reads the filmography: catalogue movies lacking credits are synced, and the person shows up in them', async ({
    client,
    assert,
  }) => {
    const { movieId, personId, tmdbId } = await creditedPerson()
    // Another movie of theirs, as the dump leaves it: no credits yet.
    const served = await testClient().personMovieCredits(tmdbId)
    const other = served.crew.find((credit) => credit.id !== 550)!
    assert.exists(other, 'the fake TMDB credits the director elsewhere')
    const fromDump = await Movie.create({
      tmdbId: other.id,
      title: other.title,
      spokenLanguages: [],
      productionCountries: [],
      metadataSyncedAt: DateTime.utc(),
    })

    // The fake's filmography agrees with each movie's own credits.
    const ownCredits = await testClient().credits(other.id)
    assert.deepInclude(
      ownCredits.crew.filter((member) => member.id === tmdbId).map((member) => member.job),
      other.job
    )

    const result = await finished<{ queuedMovieSyncs: number }>(await SyncPersonJob.dispatch({ tmdbId }))
    assert.equal(result.queuedMovieSyncs, 1)
    await waitForQueueIdle()
    await fromDump.refresh()
    assert.isNotNull(fromDump.creditsSyncedAt)

    const credits = await client.get(`/api/v1/people/${personId}/credits`).qs({ role: 'crew' })
    credits.assertStatus(200)
    assert.includeMembers(
      credits.body().data.map((item: any) => item.id),
      [movieId, fromDump.id]
    )
  }).timeout(60_000)

  test('unknown ids are 404; a person TMDB does not know, or without a TMDB id, is 200 and queues nothing', async ({
    client,
    assert,
  }) => {
    assertError(assert, await client.get('/api/v1/people/424242'), 404, 'E_NOT_FOUND')
    // A 404 is not cached: a person stored later under that id (a series sync, say) answers at once.
    await PersonFactory.merge({ id: 424242, tmdbId: null }).create()
    ;(await client.get('/api/v1/people/424242')).assertStatus(200)
    assertError(assert, await client.get('/api/v1/people/99999999999'), 404, 'E_NOT_FOUND')
    assertError(assert, await client.get('/api/v1/people/abc'), 404, 'E_NOT_FOUND')

    const unknownToTmdb = await PersonFactory.merge({ tmdbId: 123, tmdbStatus: 'not_found' }).create()
    const handMade = await PersonFactory.merge({ tmdbId: null }).create()
    for (const person of [unknownToTmdb, handMade]) {
      const response = await client.get(`/api/v1/people/${person.id}`)
      response.assertStatus(200)
      assert.include(response.body(), { id: person.id, name: person.name, details_synced_at: null })
      assert.deepEqual(response.body().known_for, [])
    }
    assert.lengthOf(await personSyncJobs(), 0)
  })

  test('a person TMDB answers 404 for is marked once; their page then stops queueing syncs', async ({ client, assert }) => {
    const person = await PersonFactory.merge({ tmdbId: 123 }).create()
    ;(await client.get(`/api/v1/people/${person.id}`)).assertStatus(200)
    assert.lengthOf(await personSyncJobs(), 1)
    await waitForQueueIdle()
    await person.refresh()
    assert.equal(person.tmdbStatus, 'not_found')
    await metadata().clean(0, 0, 'completed')

    const again = await client.get(`/api/v1/people/${person.id}`)
    again.assertStatus(200)
    assert.include(again.body(), { name: person.name, details_synced_at: null })
    assert.lengthOf(await personSyncJobs(), 0)
    assert.lengthOf(fakeTmdb().requestsTo('/person/123'), 1)
  })

  test('known_for: up to 8 of their most popular movies the caller may see, with per-user fields only with a token', async ({
    client,
    assert,
  }) => {
    const world = await filmography()
    // Six more visible films: eleven in all, so the cut at eight shows.
    const more = []
    for (let i = 0; i < 6; i++) more.push(await movieOn(`200${i}-03-01`, 20 + i * 7))
    for (const movie of more) await CastCreditFactory.merge({ movieId: movie.id, personId: world.person.id, character: 'Extra' }).create()
    const visible = [...new Map([...world.acted, ...world.crewed].map((credit) => [credit.movie.id, credit.movie])).values(), ...more]
    assert.lengthOf(visible, 11)
    const expected = visible
      .sort((a, b) => b.popularity - a.popularity || a.id - b.id)
      .slice(0, 8)
      .map((movie) => movie.id)

    const anonymous = await client.get(`/api/v1/people/${world.person.id}`)
    anonymous.assertStatus(200)
    assert.deepEqual(
      anonymous.body().known_for.map((movie: any) => movie.id),
      expected
    )
    assert.notProperty(anonymous.body().known_for[0], 'user_rating')

    const adultViewer = await UserFactory.merge({ maturityFilter: 'adult', birthDate: DateTime.utc().minus({ years: 30 }) }).create()
    const forAdult = await client.get(`/api/v1/people/${world.person.id}`).loginAs(adultViewer)
    // The adult film is their most popular; the hidden one never shows.
    assert.equal(forAdult.body().known_for[0].id, world.adult.id)
    assert.notInclude(forAdult.body().known_for.map((movie: any) => movie.id), world.hidden.id)

    const [alice, bob] = await UserFactory.createMany(2)
    ;(await client.put(`/api/v1/movies/${expected[0]}/rating`).json({ rating: 3 }).loginAs(alice)).assertStatus(201)
    const forAlice = await client.get(`/api/v1/people/${world.person.id}`).loginAs(alice)
    const forBob = await client.get(`/api/v1/people/${world.person.id}`).loginAs(bob)
    assert.include(forAlice.body().known_for[0], { id: expected[0], user_rating: 3, in_watchlist: false })
    assert.include(forBob.body().known_for[0], { id: expected[0], user_rating: null })
    // The rating reached the shared page at once.
    const after = await client.get(`/api/v1/people/${world.person.id}`)
    assert.include(after.body().known_for[0], { average_rating: 3, rating_count: 1 })
    assert.notProperty(after.body().known_for[0], 'user_rating')
  })
})
