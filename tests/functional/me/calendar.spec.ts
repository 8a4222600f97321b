/*
| GET /me/calendar: releases of the caller's watchlist and favourite movies
| and episodes of the series on their series watchlist, between `from` and
| `to` (default today..today+30, at most 90 days), ordered by date, movies
| before episodes on a day, then by title, season and episode. Dates are
| relative to today (UTC) so the test holds on any day.
*/

import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import type User from '#models/user'
import { assertError, assertValidation } from '#tests/functional/engagement/helpers'

const today = () => DateTime.utc().startOf('day')
const day = (offset: number) => today().plus({ days: offset }).toISODate()!

async function movieOn(offset: number | null, title: string, extra: Record<string, unknown> = {}) {
  const releaseDate = offset === null ? null : today().plus({ days: offset })
  return MovieFactory.merge({ title, releaseDate, year: releaseDate?.year ?? null, ...extra }).create()
}

/** A series with one season whose episodes air on the given day offsets (episode n on offsets[n-1]). */
async function seriesAiring(name: string, season: number, offsets: number[], extra: Record<string, unknown> = {}) {
  const [series] = await db
    .table('series')
    .insert({ tmdb_id: Math.floor(Math.random() * 1e9), name, original_name: name, ...extra })
    .returning('id')
  const seriesId = Number(series.id ?? series)
  const [row] = await db.table('seasons').insert({ series_id: seriesId, season_number: season, episode_count: offsets.length }).returning('id')
  const seasonId = Number(row.id ?? row)
  for (const [index, offset] of offsets.entries()) {
    await db.table('episodes').insert({
      season_id: seasonId,
      series_id: seriesId,
      season_number: season,
      episode_number: index + 1,
      name: `${name} ${season}x${index + 1}`,
      air_date: day(offset),
    })
  }
  return seriesId
}

async function calendar(client: ApiClient, user: User, query: Record<string, unknown> = {}) {
  const response = await client.get('/api/v1/me/calendar').qs(query).loginAs(user)
  response.assertStatus(200)
  return response.body()
}

type Entry = { date: string; type: string; movie?: { title: string }; series?: { name: string }; episode?: { season_number: number; episode_number: number; name: string } }
const labels = (body: { data: Entry[] }) =>
  body.data.map((entry) =>
    entry.type === 'movie_release'
      ? `${entry.date} movie ${entry.movie!.title}`
      : `${entry.date} ${entry.series!.name} ${entry.episode!.season_number}x${entry.episode!.episode_number}`
  )

test.group('Me / GET /me/calendar', () => {
  test('default window today..+30: watchlist and favourite releases, watchlisted series\' episodes, by date', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const movies = {
      yesterday: await movieOn(-1, 'Yesterday'),
      today: await movieOn(0, 'Today'),
      zeta: await movieOn(5, 'Zeta'),
      alpha: await movieOn(5, 'alpha'),
      last: await movieOn(30, 'Last day'),
      late: await movieOn(31, 'Too late'),
      undated: await movieOn(null, 'Undated'),
      unsaved: await movieOn(3, 'Not saved'),
    }
    for (const key of ['yesterday', 'today', 'zeta', 'last', 'late', 'undated'] as const) {
      ;(await client.put(`/api/v1/me/watchlist/${movies[key].id}`).loginAs(user)).assertStatus(201)
    }
    // A favourite counts too; on both lists it is listed once.
    ;(await client.put(`/api/v1/me/favorites/${movies.alpha.id}`).loginAs(user)).assertStatus(201)
    ;(await client.put(`/api/v1/me/favorites/${movies.zeta.id}`).loginAs(user)).assertStatus(201)

    const harbour = await seriesAiring('Harbour', 2, [-2, 5, 12, 40])
    const bells = await seriesAiring('Bells', 1, [5, 5])
    await seriesAiring('Unwatched show', 1, [1, 2])
    for (const id of [harbour, bells]) (await client.put(`/api/v1/me/watchlist/series/${id}`).loginAs(user)).assertStatus(201)

    const body = await calendar(client, user)
    assert.deepEqual(labels(body), [
      `${day(0)} movie Today`,
      `${day(5)} movie alpha`,
      `${day(5)} movie Zeta`,
      `${day(5)} Bells 1x1`,
      `${day(5)} Bells 1x2`,
      `${day(5)} Harbour 2x2`,
      `${day(12)} Harbour 2x3`,
      `${day(30)} movie Last day`,
    ])
    assert.equal(body.meta.total, 8)
    // Items carry MovieSummary / SeriesSummary with the caller's fields, and the episode's name.
    const movie = body.data[0]
    assert.equal(movie.movie.id, movies.today.id)
    assert.isTrue(movie.movie.in_watchlist)
    assert.notProperty(movie, 'series')
    const episode = body.data.find((entry: Entry) => entry.type === 'episode')
    assert.deepEqual(episode.episode, { season_number: 1, episode_number: 1, name: 'Bells 1x1' })
    assert.equal(episode.series.id, bells)
    assert.isTrue(episode.series.is_series)
    assert.notProperty(episode, 'movie')

    // Paged.
    const second = await calendar(client, user, { per_page: 3, page: 2 })
    assert.deepEqual(labels(second), labels(body).slice(3, 6))
    assert.equal(second.meta.last_page, 3)
  })

  test('from and to pick the window (both ends included, up to 90 days)', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const early = await movieOn(-40, 'Early')
    const far = await movieOn(80, 'Far')
    for (const movie of [early, far]) await client.put(`/api/v1/me/watchlist/${movie.id}`).loginAs(user)
    const show = await seriesAiring('Show', 1, [-45, 85])
    await client.put(`/api/v1/me/watchlist/series/${show}`).loginAs(user)

    assert.deepEqual(labels(await calendar(client, user, { from: day(-50), to: day(40) })), [
      `${day(-45)} Show 1x1`,
      `${day(-40)} movie Early`,
    ])
    assert.deepEqual(labels(await calendar(client, user, { from: day(-40), to: day(-40) })), [`${day(-40)} movie Early`])
    // Only `from`: 30 days from it.
    assert.deepEqual(labels(await calendar(client, user, { from: day(51) })), [`${day(80)} movie Far`])
    // Only `to`: from today.
    assert.deepEqual(labels(await calendar(client, user, { to: day(90) })), [`${day(80)} movie Far`, `${day(85)} Show 1x2`])
  })

  test('a bad window is a 422 naming the field', async ({ client, assert }) => {
    const user = await UserFactory.create()
    assertValidation(assert, await client.get('/api/v1/me/calendar').qs({ from: 'tomorrow' }).loginAs(user), 'from')
    assertValidation(assert, await client.get('/api/v1/me/calendar').qs({ to: '2026-13-40' }).loginAs(user), 'to')
    assertValidation(assert, await client.get('/api/v1/me/calendar').qs({ from: day(5), to: day(4) }).loginAs(user), 'to')
    assertValidation(assert, await client.get('/api/v1/me/calendar').qs({ from: day(0), to: day(91) }).loginAs(user), 'to')
    // `to` alone, before today (the default `from`).
    assertValidation(assert, await client.get('/api/v1/me/calendar').qs({ to: day(-1) }).loginAs(user), 'to')
    assertValidation(assert, await client.get('/api/v1/me/calendar').qs({ per_page: 500 }).loginAs(user), 'per_page')
    ;(await client.get('/api/v1/me/calendar').qs({ from: day(0), to: day(90) }).loginAs(user)).assertStatus(200)
    assertError(assert, await client.get('/api/v1/me/calendar'), 401, 'E_UNAUTHORIZED')
  })

  test('each user sees their own titles; hidden and adult titles stay out', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const hers = await movieOn(2, 'Hers')
    const his = await movieOn(3, 'His')
    const hidden = await movieOn(4, 'Hidden', { isHidden: true })
    const adultMovie = await movieOn(4, 'Adult film')
    await client.put(`/api/v1/me/watchlist/${hers.id}`).loginAs(alice)
    await client.put(`/api/v1/me/watchlist/${adultMovie.id}`).loginAs(alice)
    await db.from('movies').where('id', adultMovie.id).update({ adult: true })
    await client.put(`/api/v1/me/favorites/${his.id}`).loginAs(bob)
    await db.table('watchlist_items').insert({ user_id: bob.id, movie_id: hidden.id })
    const adultShow = await seriesAiring('After dark', 1, [6], { adult: true })
    await db.table('series_watchlist_items').insert({ user_id: alice.id, series_id: adultShow })
    const shared = await seriesAiring('Shared', 1, [7])
    for (const user of [alice, bob]) await client.put(`/api/v1/me/watchlist/series/${shared}`).loginAs(user)

    assert.deepEqual(labels(await calendar(client, alice)), [`${day(2)} movie Hers`, `${day(7)} Shared 1x1`])
    assert.deepEqual(labels(await calendar(client, bob)), [`${day(3)} movie His`, `${day(7)} Shared 1x1`])
    // Per-user fields follow the caller.
    const aliceShared = (await calendar(client, alice)).data[1]
    assert.isTrue(aliceShared.series.in_watchlist)
  })
})
