/*
| `availability`: when the TMDB sync of recent changes sees a movie arrive on
| a streaming provider in a region, each user with the movie on their
| watchlist and that provider among their services (same region) hears of
| it once, in the inbox and over Transmit. The arrival is played on the fake
| TMDB (`addWatchProvider` lists the movie in /movie/changes), and the real
| path runs: SyncChangesJob → SyncMovieJob → AvailabilityNotificationJob.
*/

import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { MovieFactory } from '#factories/movie_factory'
import { UserFactory } from '#factories/user_factory'
import Movie from '#models/movie'
import type User from '#models/user'
import SyncChangesJob from '#jobs/sync_changes_job'
import SyncMovieJob from '#jobs/sync_movie_job'
import AvailabilityNotificationJob from '#jobs/availability_notification_job'
import { refreshWatchProviderList } from '#services/tmdb/watch_provider_sync'
import { imageUrl } from '#transformers/movie_transformer'
import { accessTokenFor } from '#tests/support/auth'
import { fakeTmdb } from '#tests/support/services'
import { finished, resetTmdb, testClient } from '#tests/support/fake_tmdb/test_helpers'
import { SseClients, type PushPayload, type SseEvent } from '#tests/support/sse_client'
import { countRows, listNotifications, notificationRows, waitForQueues } from './helpers.js'

const FIGHT_CLUB = 550

/** A US subscription provider the fake does not offer the movie on (flatrate or free) in the region. */
function absentProviders(tmdbId: number, region: string) {
  const results = fakeTmdb().watchProviders(tmdbId)!.results[region]
  const present = new Set([...(results?.flatrate ?? []), ...(results?.free ?? [])].map((offer) => offer.provider_id))
  return fakeTmdb()
    .watch.list(region)
    .map((provider) => provider.provider_id)
    .filter((id) => !present.has(id) && ![2, 3, 10].includes(id))
}

async function syncNow(tmdbId: number) {
  await finished(await SyncMovieJob.dispatch({ tmdbId }))
  await waitForQueues()
}

/** The scheduled path: TMDB's changes of the last hours, then each changed movie's sync. */
async function syncChanges() {
  await finished(await SyncChangesJob.dispatch({ hours: 7 }))
  await waitForQueues()
}

async function services(client: ApiClient, user: User, region: string, providerIds: number[]) {
  const response = await client.put('/api/v1/me/services').json({ region, provider_ids: providerIds }).loginAs(user)
  response.assertStatus(201)
}

async function watchlist(client: ApiClient, user: User, movie: Movie) {
  const response = await client.put(`/api/v1/me/watchlist/${movie.id}`).loginAs(user)
  response.assertStatus(201)
}

const channelOf = (userId: number) => `users/${userId}/notifications`
const isAvailability = (event: SseEvent<PushPayload<{ type: string }>>) =>
  event.payload.type === 'notification' && event.payload.data.type === 'availability'

test.group('Notifications / availability', (group) => {
  const streams = new SseClients()
  group.each.setup(() => resetTmdb())
  group.each.teardown(() => streams.closeAll())

  test('an arrival seen by the changes sync notifies the watchlisters subscribed to it in that region, once', async ({ client, assert }) => {
    await syncNow(FIGHT_CLUB)
    await refreshWatchProviderList({ client: testClient() })
    const movie = await Movie.findByOrFail('tmdb_id', FIGHT_CLUB)
    const [provider, other] = absentProviders(FIGHT_CLUB, 'US')
    assert.isDefined(other)
    const providerName = fakeTmdb().watch.list('US').find((entry) => entry.provider_id === provider)!.provider_name

    const [fan, otherService, notWatching, elsewhere, alsoFan] = await UserFactory.createMany(5)
    const suspended = await UserFactory.merge({ suspendedAt: DateTime.now() }).create()
    for (const user of [fan, otherService, elsewhere, alsoFan]) await watchlist(client, user, movie)
    await db.table('watchlist_items').insert({ user_id: suspended.id, movie_id: movie.id })
    await services(client, fan, 'US', [provider, other])
    await services(client, otherService, 'US', [other])
    await services(client, notWatching, 'US', [provider])
    // Same provider, another region: the arrival is American.
    await services(client, elsewhere, 'GB', [8, 9, 337].includes(provider) ? [provider] : [8])
    await services(client, alsoFan, 'US', [provider])
    await db.table('user_streaming_settings').insert({ user_id: suspended.id, region: 'US' })
    await db.table('user_streaming_services').insert({ user_id: suspended.id, provider_id: provider })

    const stream = await streams.open()
    assert.equal(await stream.subscribe(channelOf(fan.id), { token: await accessTokenFor(fan) }), 204)
    const otherStream = await streams.open()
    assert.equal(await otherStream.subscribe(channelOf(otherService.id), { token: await accessTokenFor(otherService) }), 204)

    // Nothing new on TMDB: the changes sync announces nothing.
    await syncChanges()
    assert.equal(await countRows('notifications'), 0)

    fakeTmdb().addWatchProvider(FIGHT_CLUB, 'US', provider, 'flatrate')
    await syncChanges()

    const rows = await notificationRows('availability')
    assert.sameMembers(rows.map((row) => row.user_id), [fan.id, alsoFan.id])
    const listed = await listNotifications(client, fan)
    assert.lengthOf(listed.data, 1)
    assert.containSubset(listed.data[0], {
      type: 'availability',
      title: 'Now available to stream',
      message: `${movie.title} is now on ${providerName}`,
      movie_id: movie.id,
      image: imageUrl(movie.posterPath, 'w500'),
      read: false,
    })
    assert.containSubset(listed.data[0].data, { movie_id: movie.id, provider_id: provider, provider_name: providerName, region: 'US' })
    for (const user of [otherService, notWatching, elsewhere]) assert.lengthOf((await listNotifications(client, user)).data, 0)
    assert.equal(await countRows('notifications', { user_id: suspended.id }), 0)

    // Pushed live to the recipient, and to nobody else.
    const pushed = await stream.waitFor<PushPayload<{ type: string; id: number }>>(isAvailability)
    assert.equal(pushed.channel, channelOf(fan.id))
    assert.equal(pushed.payload.data.id, listed.data[0].id)
    assert.lengthOf(await otherStream.collectFor(isAvailability, 300), 0)

    // The offer stays: later syncs (and a re-queued fan-out) tell nobody again.
    await syncChanges()
    await syncNow(FIGHT_CLUB)
    const arrival = listed.data[0].data.arrival as string
    const seenAt = new Date(Number(arrival.split(':').pop())).toISOString()
    await AvailabilityNotificationJob.dispatch({ movieId: movie.id, arrivals: [{ region: 'US', providerId: provider }], seenAt })
    await waitForQueues()
    assert.equal(await countRows('notifications'), 2)
    assert.lengthOf((await listNotifications(client, fan)).data, 1)
  })

  test('rent and buy offers, first syncs and bulk syncs announce nothing', async ({ client, assert }) => {
    // Known by id only: the first sync brings every provider at once, which is the back catalogue, not news.
    const known = await MovieFactory.merge({ tmdbId: FIGHT_CLUB, title: 'Fight club (1999)', metadataSyncedAt: null }).create()
    await refreshWatchProviderList({ client: testClient() })
    const fan = await UserFactory.create()
    await watchlist(client, fan, known)
    const everything = fakeTmdb().watch.list('US').map((provider) => provider.provider_id)
    await services(client, fan, 'US', everything)

    await syncNow(FIGHT_CLUB)
    assert.isAbove(await countRows('movie_watch_providers', { movie_id: known.id }), 0)
    assert.equal(await countRows('notifications'), 0)

    // A store's rental is no arrival on a service.
    const stores = [2, 3, 10]
    const rentals = new Set((fakeTmdb().watchProviders(FIGHT_CLUB)!.results.US?.rent ?? []).map((offer) => offer.provider_id))
    const store = stores.find((id) => !rentals.has(id))
    if (store !== undefined) {
      fakeTmdb().addWatchProvider(FIGHT_CLUB, 'US', store, 'rent')
      await syncChanges()
      assert.equal(await countRows('movie_watch_providers', { movie_id: known.id, provider_id: store, kind: 'rent', region: 'US' }), 1)
    }
    assert.equal(await countRows('notifications'), 0)

    // A quiet (gap-filling) sync stores the arrival without announcing it.
    const [provider] = absentProviders(FIGHT_CLUB, 'US')
    fakeTmdb().addWatchProvider(FIGHT_CLUB, 'US', provider, 'flatrate')
    await finished(await SyncMovieJob.dispatch({ tmdbId: FIGHT_CLUB, quiet: true }))
    await waitForQueues()
    assert.equal(await countRows('movie_watch_providers', { movie_id: known.id, provider_id: provider, kind: 'flatrate', region: 'US' }), 1)
    assert.equal(await countRows('notifications'), 0)
    assert.lengthOf((await listNotifications(client, fan)).data, 0)
  })
})
