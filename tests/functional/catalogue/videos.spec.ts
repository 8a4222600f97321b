/*
| MovieDetail.videos (API.md, "Trailers and watch providers"): the movie sync
| asks TMDB for `videos` with the rest, keeps trailers, teasers, clips and
| featurettes on YouTube and Vimeo, and the detail lists them official
| trailers first, with a link built from site and key. The fake TMDB serves
| them deterministically, appended and at /movie/{id}/videos; the admin
| movie page shows them with the collection.
*/

import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Movie from '#models/movie'
import MovieVideo from '#models/movie_video'
import { MovieFactory } from '#factories/movie_factory'
import { syncMovie } from '#services/tmdb/movie_sync_service'
import type { TmdbVideo } from '#services/tmdb/types'
import { fakeTmdb } from '#tests/support/services'
import { resetTmdb, testClient } from '#tests/support/fake_tmdb/test_helpers'
import { createStaff } from '#tests/support/admin'

interface VideoBody {
  key: string
  site: string
  type: string
  name: string
  official: boolean
  published_at: string | null
  url: string
}

const KEPT_TYPES = ['Trailer', 'Teaser', 'Clip', 'Featurette']

/** A TMDB-shaped video for the fake's overrides. */
function video(key: string, fields: Partial<TmdbVideo>): TmdbVideo {
  return {
    id: `v${key}`.padEnd(24, '0'),
    iso_639_1: 'en',
    iso_3166_1: 'US',
    name: `Video ${key}`,
    key,
    site: 'YouTube',
    size: 1080,
    type: 'Trailer',
    official: true,
    published_at: '2020-01-01T16:00:00.000Z',
    ...fields,
  }
}

/** Official trailers, then the rest; each group oldest first. */
function assertDetailOrder(assert: { isTrue(value: unknown, message?: string): void }, videos: VideoBody[]) {
  const rank = (v: VideoBody) => (v.official && v.type === 'Trailer' ? 0 : 1)
  for (let i = 1; i < videos.length; i++) {
    const [a, b] = [videos[i - 1], videos[i]]
    assert.isTrue(
      rank(a) < rank(b) || (rank(a) === rank(b) && (a.published_at ?? '~') <= (b.published_at ?? '~')),
      `${JSON.stringify(a)} before ${JSON.stringify(b)}`
    )
  }
}

test.group('Catalogue / MovieDetail.videos from the TMDB sync', (group) => {
  group.each.setup(() => resetTmdb())

  test('the fake TMDB serves deterministic TMDB-shaped videos, appended and at /movie/{id}/videos', async ({ assert }) => {
    const client = testClient()
    const direct = await client.videos(550)
    const appended = (await client.movie(550, ['videos'])).videos!
    assert.equal(direct.id, 550)
    assert.deepEqual(direct.results, appended.results)
    assert.deepEqual((await client.videos(550)).results, direct.results)
    assert.isAtLeast(direct.results.length, 1)
    assert.isAtMost(direct.results.length, 4)
    const released = Date.parse(`${fakeTmdb().movie(550)!.release_date}T00:00:00.000Z`)
    for (const entry of direct.results) {
      assert.match(entry.key, /^[A-Za-z0-9_-]{11}$/)
      assert.match(entry.id, /^[0-9a-f]{24}$/)
      assert.equal(entry.site, 'YouTube')
      assert.isBoolean(entry.official)
      assert.isAbove(Date.parse(entry.published_at!), released)
    }
    // Without the append, no videos; an unknown movie is TMDB's 404.
    assert.notProperty(await client.movie(550, ['credits']), 'videos')
    const missing = await client.videos(999_999_999).catch((error: Error) => error)
    assert.instanceOf(missing, Error)
  })

  test('a sync stores the videos TMDB sent and the detail lists them official trailers first, with links', async ({
    client,
    assert,
  }) => {
    // A dump title whose made-up videos put something else before an official trailer in TMDB's order.
    const fake = fakeTmdb()
    const tmdbId = fake.catalogue.byPopularity.find((id) => {
      const kept = fake.movie(id)!.videos!.results.filter((v) => KEPT_TYPES.includes(v.type))
      const firstTrailer = kept.findIndex((v) => v.official && v.type === 'Trailer')
      return firstTrailer > 0 && kept.some((v) => !(v.official && v.type === 'Trailer') && v.published_at! < kept[firstTrailer].published_at!)
    })!
    assert.isDefined(tmdbId)
    const sent = fake.movie(tmdbId)!.videos!.results

    const { movie, changedFields } = await syncMovie(tmdbId, { client: testClient(), announce: false })

    assert.include(changedFields, 'videos')
    assert.equal(fake.requestsTo(`/movie/${tmdbId}`)[0].query.append_to_response?.split(',').includes('videos'), true)
    const kept = sent.filter((v) => KEPT_TYPES.includes(v.type))
    assert.equal(await MovieVideo.query().where('movie_id', movie.id).count('* as n').then((r) => Number(r[0].$extras.n)), kept.length)

    const detail = await client.get(`/api/v1/movies/${movie.id}`)
    detail.assertStatus(200)
    const videos: VideoBody[] = detail.body().videos
    assert.sameDeepMembers(
      videos,
      kept.map((v) => ({
        key: v.key,
        site: v.site,
        type: v.type,
        name: v.name,
        official: v.official,
        published_at: v.published_at,
        url: `https://www.youtube.com/watch?v=${v.key}`,
      }))
    )
    assertDetailOrder(assert, videos)
    assert.isTrue(videos[0].official && videos[0].type === 'Trailer')
    // Not TMDB's order.
    assert.notDeepEqual(videos.map((v) => v.key), kept.map((v) => v.key))
  }).timeout(60_000)

  test('types and sites the API does not carry are dropped; Vimeo links; re-syncs replace, never blank', async ({
    client,
    assert,
  }) => {
    const fake = fakeTmdb()
    fake.updateMovie(603, {
      videos: {
        results: [
          video('teaserAAAAA', { type: 'Teaser', official: true, published_at: '2019-01-01T10:00:00.000Z' }),
          video('unofficialT', { type: 'Trailer', official: false, published_at: '2018-06-01T10:00:00.000Z' }),
          video('trailer2BBB', { name: 'Trailer 2', published_at: '2019-03-01T10:00:00.000Z' }),
          video('123456789', { site: 'Vimeo', type: 'Featurette', official: false, published_at: '2019-05-01T10:00:00.000Z' }),
          video('trailer1CCC', { name: 'Official Trailer', published_at: '2019-02-01T10:00:00.000Z' }),
          video('bloopersDDD', { type: 'Bloopers' }),
          video('dailymotion', { site: 'Dailymotion' }),
          video('trailer1CCC', { name: 'Official Trailer (again)', published_at: '2019-02-01T10:00:00.000Z' }),
        ],
      },
    })

    const { movie } = await syncMovie(603, { client: testClient(), announce: false })
    const first = (await client.get(`/api/v1/movies/${movie.id}`)).body()

    assert.deepEqual(
      first.videos.map((v: VideoBody) => [v.key, v.type, v.official, v.url]),
      [
        ['trailer1CCC', 'Trailer', true, 'https://www.youtube.com/watch?v=trailer1CCC'],
        ['trailer2BBB', 'Trailer', true, 'https://www.youtube.com/watch?v=trailer2BBB'],
        ['unofficialT', 'Trailer', false, 'https://www.youtube.com/watch?v=unofficialT'],
        ['teaserAAAAA', 'Teaser', true, 'https://www.youtube.com/watch?v=teaserAAAAA'],
        ['123456789', 'Featurette', false, 'https://vimeo.com/123456789'],
      ]
    )
    assert.deepEqual(first.videos[0], {
      key: 'trailer1CCC',
      site: 'YouTube',
      type: 'Trailer',
      name: 'Official Trailer',
      official: true,
      published_at: '2019-02-01T10:00:00.000Z',
      url: 'https://www.youtube.com/watch?v=trailer1CCC',
    })

    // TMDB sends none (or only what we drop): what we have stays.
    fake.updateMovie(603, { videos: { results: [video('bloopersDDD', { type: 'Bloopers' })] } })
    const empty = await syncMovie(603, { client: testClient(), announce: false })
    assert.notInclude(empty.changedFields, 'videos')
    assert.lengthOf((await client.get(`/api/v1/movies/${movie.id}`)).body().videos, 5)

    // A different list replaces the old one, and the cached detail follows at once.
    fake.updateMovie(603, { videos: { results: [video('newTrailer1', { name: 'Final Trailer' })] } })
    const replaced = await syncMovie(603, { client: testClient(), announce: false })
    assert.include(replaced.changedFields, 'videos')
    const after = (await client.get(`/api/v1/movies/${movie.id}`)).body()
    assert.deepEqual(after.videos.map((v: VideoBody) => v.name), ['Final Trailer'])
    assert.deepEqual(
      await db.from('movie_videos').where('movie_id', movie.id).select('key'),
      [{ key: 'newTrailer1' }]
    )
  }).timeout(60_000)

  test('a movie nobody synced has no videos and no collection', async ({ client, assert }) => {
    const movie = await MovieFactory.create()
    const body = (await client.get(`/api/v1/movies/${movie.id}`)).body()
    assert.deepEqual(body.videos, [])
    assert.isNull(body.collection)
  })

  test('the admin movie page lists the videos with their links and the collection', async ({ client, assert }) => {
    const { movie } = await syncMovie(862, { client: testClient(), announce: false })
    const moderator = await createStaff()

    const page = await client.get(`/admin/movies/${movie.id}`).withGuard('web').loginAs(moderator)

    page.assertStatus(200)
    const html = page.text()
    const detail = (await client.get(`/api/v1/movies/${movie.id}`)).body()
    assert.isAbove(detail.videos.length, 0)
    for (const entry of detail.videos as VideoBody[]) {
      assert.include(html, `href="${entry.url}"`)
    }
    assert.include(html, 'Toy Story Collection')
    assert.include(html, `href="/api/v1/collections/${detail.collection.id}"`)

    const loner = await Movie.create({ title: 'Loner', spokenLanguages: [], productionCountries: [] })
    const lonerPage = await client.get(`/admin/movies/${loner.id}`).withGuard('web').loginAs(moderator)
    assert.include(lonerPage.text(), 'In no collection.')
    assert.include(lonerPage.text(), 'No videos')
  }).timeout(60_000)
})
