import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import queue from '#jobs/queue/queue'
import Series from '#models/series'
import Season from '#models/season'
import Episode from '#models/episode'
import SyncSeriesJob, { type SyncSeriesJobResult } from '#jobs/sync_series_job'
import RefreshSeriesListJob from '#jobs/refresh_series_list_job'
import { syncSeries } from '#services/tmdb/series_sync_service'
import { TmdbError } from '#services/tmdb/errors'
import { fakeTmdb } from '#tests/support/services'
import { finished, resetTmdb, testClient, waitForQueueIdle } from '#tests/support/fake_tmdb/test_helpers'
import { TV_ID_BASE } from '#tests/support/fake_tmdb/tv_catalogue'

/** The Saltmarsh Inquiry: four ended seasons, BBC-like network, TV-14. */
const SALTMARSH = TV_ID_BASE

async function countRows(table: string) {
  const [row] = await db.from(table).count('* as total')
  return Number(row.total)
}

test.group('Series / SyncSeriesJob', (group) => {
  group.each.setup(() => resetTmdb())

  test('a queued sync creates the show with genres, networks, keywords, cast, seasons and episodes', async ({
    assert,
  }) => {
    const tv = fakeTmdb().tv
    const expected = tv.details(SALTMARSH, ['credits', 'keywords', 'content_ratings', 'external_ids'])!
    const seasonNumbers = tv.seasonNumbers(SALTMARSH)

    const job = await SyncSeriesJob.dispatch({ tmdbId: SALTMARSH })
    const result = await finished<SyncSeriesJobResult>(job)

    assert.equal(job.id, `series-sync-${SALTMARSH}`)
    assert.equal(job.name, 'sync-series')
    assert.isTrue(result.created)
    assert.includeMembers(result.changedFields, ['name', 'overview', 'certification', 'genres', 'networks', 'keywords', 'cast'])
    assert.equal(result.seasons, seasonNumbers.length)

    const series = await Series.findByOrFail('tmdb_id', SALTMARSH)
    assert.equal(result.seriesId, series.id)
    assert.equal(series.name, 'The Saltmarsh Inquiry')
    assert.equal(series.originalName, 'The Saltmarsh Inquiry')
    assert.equal(series.firstAirDate!.toISODate(), expected.first_air_date)
    assert.equal(series.lastAirDate!.toISODate(), expected.last_air_date)
    assert.equal(series.year, 2016)
    assert.equal(series.status, 'Ended')
    assert.equal(series.type, 'Scripted')
    assert.equal(series.certification, 'TV-14')
    assert.equal(series.imdbId, expected.external_ids!.imdb_id)
    assert.equal(series.numberOfSeasons, 4)
    assert.equal(series.numberOfEpisodes, expected.number_of_episodes)
    assert.isFalse(series.inProduction)
    assert.isFalse(series.adult)
    assert.equal(series.voteAverage, expected.vote_average)
    assert.equal(series.posterPath, expected.poster_path)
    assert.isNotNull(series.metadataSyncedAt)

    await series.load('genres')
    await series.load('networks')
    await series.load('keywords')
    assert.sameDeepMembers(
      series.genres.map((genre) => ({ id: genre.id, name: genre.name })),
      [
        { id: 80, name: 'Crime' },
        { id: 18, name: 'Drama' },
        { id: 9648, name: 'Mystery' },
      ]
    )
    assert.deepEqual(
      series.networks.map((network) => [network.id, network.name, network.originCountry]),
      [[8102, 'Northlight', 'GB']]
    )
    assert.sameMembers(
      series.keywords.map((keyword) => keyword.name),
      expected.keywords!.results.map((keyword) => keyword.name)
    )

    const cast = await db
      .from('series_cast')
      .join('people', 'people.id', 'series_cast.person_id')
      .where('series_cast.series_id', series.id)
      .orderBy('series_cast.order')
      .select('people.tmdb_id', 'people.name', 'series_cast.character')
    assert.lengthOf(cast, expected.credits!.cast.length)
    assert.deepEqual(cast[0], {
      tmdb_id: expected.credits!.cast[0].id,
      name: expected.credits!.cast[0].name,
      character: expected.credits!.cast[0].character,
    })

    const seasons = await Season.query().where('series_id', series.id).orderBy('season_number')
    assert.deepEqual(
      seasons.map((season) => season.seasonNumber),
      seasonNumbers
    )
    let episodeTotal = 0
    for (const season of seasons) {
      const fake = tv.season(SALTMARSH, season.seasonNumber)!
      assert.equal(season.name, fake.name)
      assert.equal(season.airDate!.toISODate(), fake.air_date)
      assert.equal(season.episodeCount, fake.episodes.length)
      const episodes = await Episode.query().where('season_id', season.id).orderBy('episode_number')
      assert.deepEqual(
        episodes.map((episode) => [episode.episodeNumber, episode.name, episode.airDate!.toISODate(), episode.runtime]),
        fake.episodes.map((episode) => [episode.episode_number, episode.name, episode.air_date, episode.runtime])
      )
      assert.isTrue(episodes.every((episode) => episode.seriesId === series.id))
      episodeTotal += episodes.length
    }
    assert.equal(result.episodes, episodeTotal)

    // One details request with everything appended, then one per season.
    const details = fakeTmdb().requestsTo(`/tv/${SALTMARSH}`)
    assert.lengthOf(details, 1)
    assert.equal(details[0].query.append_to_response, 'credits,keywords,content_ratings,external_ids')
    assert.lengthOf(fakeTmdb().requestsTo(`/tv/${SALTMARSH}/season/*`), seasonNumbers.length)
  })

  test('a re-sync updates in place: no duplicate seasons, episodes or relations', async ({ assert }) => {
    await finished(await SyncSeriesJob.dispatch({ tmdbId: SALTMARSH }))
    const counts = {
      series: await countRows('series'),
      seasons: await countRows('seasons'),
      episodes: await countRows('episodes'),
      series_genres: await countRows('series_genres'),
      series_networks: await countRows('series_networks'),
      series_cast: await countRows('series_cast'),
    }
    const before = await Series.findByOrFail('tmdb_id', SALTMARSH)

    const again = await finished<SyncSeriesJobResult>(await SyncSeriesJob.dispatch({ tmdbId: SALTMARSH }))

    assert.isFalse(again.created)
    assert.equal(again.seriesId, before.id)
    assert.deepEqual(again.changedFields, [])
    assert.deepEqual(
      {
        series: await countRows('series'),
        seasons: await countRows('seasons'),
        episodes: await countRows('episodes'),
        series_genres: await countRows('series_genres'),
        series_networks: await countRows('series_networks'),
        series_cast: await countRows('series_cast'),
      },
      counts
    )
  })

  test('TV genres are added beside the movie genres they share ids with', async ({ assert }) => {
    await db.table('genres').insert({ id: 18, name: 'Drama' })
    // Lanterns of Vell: Sci-Fi & Fantasy, Action & Adventure (TV-only genres).
    await syncSeries(TV_ID_BASE + 1, { client: testClient() })
    await syncSeries(SALTMARSH, { client: testClient() })

    const genres = await db.from('genres').orderBy('id').select('id', 'name')
    assert.deepEqual(genres, [
      { id: 18, name: 'Drama' },
      { id: 80, name: 'Crime' },
      { id: 9648, name: 'Mystery' },
      { id: 10759, name: 'Action & Adventure' },
      { id: 10765, name: 'Sci-Fi & Fantasy' },
    ])
  })

  test('a show TMDB does not know fails the job at once and writes nothing', async ({ assert }) => {
    const job = await SyncSeriesJob.dispatch({ tmdbId: 424242 })
    await assert.rejects(() => finished(job), /TMDB 404 on \/tv\/424242/)
    const failedJob = (await queue.queue('metadata').getJob(job.id!))!
    assert.equal(failedJob.attemptsMade, 1)
    assert.equal(await countRows('series'), 0)
  })

  test('a season request that keeps failing leaves the database untouched', async ({ assert }) => {
    fakeTmdb().failNext(`/tv/${SALTMARSH}/season/2`, { status: 503, count: 5 })

    await assert.rejects(() => syncSeries(SALTMARSH, { client: testClient({ maxRetries: 1 }) }), TmdbError)

    assert.equal(await countRows('series'), 0)
    assert.equal(await countRows('seasons'), 0)
    assert.equal(await countRows('episodes'), 0)
  })

  test('a show in production carries its future episodes, without stills or votes', async ({ assert }) => {
    // Lanterns of Vell airs its third season from three weeks ago.
    const { series } = await syncSeries(TV_ID_BASE + 1, { client: testClient() })
    assert.isTrue(series.inProduction)
    assert.equal(series.status, 'Returning Series')

    const today = new Date().toISOString().slice(0, 10)
    const future = await Episode.query().where('series_id', series.id).where('air_date', '>', today)
    const aired = await Episode.query().where('series_id', series.id).where('air_date', '<=', today)
    assert.isAbove(future.length, 0)
    assert.isTrue(future.every((episode) => episode.stillPath === null && episode.voteCount === 0))
    assert.isTrue(aired.every((episode) => episode.stillPath !== null))
    assert.equal(series.lastAirDate!.toISODate(), aired.map((episode) => episode.airDate!.toISODate()!).sort().at(-1))
  })
})

test.group('Series / list refresh jobs', (group) => {
  group.each.setup(() => resetTmdb())

  test('trending (week) scores the shows we have and queues syncs for the others', async ({ assert }) => {
    const tv = fakeTmdb().tv
    const ranking = tv.trending('week')
    const known = ranking[0]
    await syncSeries(known, { client: testClient() })

    const result = await finished<{ fetched: number; updated: number; queued: number }>(
      await RefreshSeriesListJob.dispatch({ list: 'trending-week' })
    )

    assert.deepEqual(result, { list: 'trending-week', fetched: ranking.length, updated: 1, queued: ranking.length - 1 } as never)
    const top = await Series.findByOrFail('tmdb_id', known)
    assert.equal(top.trendingWeek, 100)
    assert.equal(top.trendingDay, 0)

    // The queued syncs bring in every listed show.
    await waitForQueueIdle(60_000)
    assert.equal(await countRows('series'), ranking.length)
    assert.isAbove(await countRows('episodes'), ranking.length * 6)
  })

  test('on the air re-syncs every show TMDB lists as airing', async ({ assert }) => {
    const onTheAir = fakeTmdb().tv.onTheAir()

    const result = await finished<{ queued: number }>(await RefreshSeriesListJob.dispatch({ list: 'on-the-air' }))
    assert.equal(result.queued, onTheAir.length)
    await waitForQueueIdle(60_000)

    const synced = await Series.query().orderBy('tmdb_id')
    assert.deepEqual(
      synced.map((series) => series.tmdbId),
      [...onTheAir].sort((a, b) => a - b)
    )
    assert.isTrue(synced.every((series) => series.inProduction))
  })

  test('an unknown list name fails the job without retries', async ({ assert }) => {
    const job = await RefreshSeriesListJob.dispatch({ list: 'airing-today' as never })
    await assert.rejects(() => finished(job), /list must be one of/)
    assert.equal(await countRows('series'), 0)
  })
})
