import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { invalidateCatalogue } from '#services/catalogue/catalogue_cache'
import TmdbClient from '#services/tmdb/tmdb_client'
import { clip } from '#services/tmdb/tmdb_values'
import { WATCH_KINDS, type TmdbWatchProviders, type WatchKind } from '#services/tmdb/types'

/** An ISO 3166-1 alpha-2 region code as TMDB and the API write it ("US"). */
export const REGION_PATTERN = /^[A-Z]{2}$/

/** Offers that put a movie "on" a service for its subscribers: the ones an arrival announces. */
export const ARRIVAL_KINDS: readonly WatchKind[] = ['flatrate', 'free']

/** A provider the movie newly arrived on (see `applyWatchProviders`). */
export interface WatchArrival {
  region: string
  providerId: number
}

export interface WatchProvidersResult {
  /** Whether any offer, link or region changed. */
  changed: boolean
  /**
   * New flatrate/free offers of a movie whose providers were synced before
   * (a first sync is the back catalogue, not news), one per region and provider.
   */
  arrivals: WatchArrival[]
  /** When they were first seen: names the arrivals (one announcement each). */
  seenAt: DateTime
}

interface OfferRow {
  movie_id: number
  region: string
  provider_id: number
  kind: WatchKind
  display_priority: number
}

const offerKey = (row: { region: string; provider_id: number; kind: string }) => `${row.region}|${row.provider_id}|${row.kind}`

/**
 * Stores a movie's `watch/providers` as TMDB sent it (inside the movie
 * sync's transaction, the movie row already locked): providers new to us
 * are created, offers TMDB no longer lists are dropped, new ones are added
 * with `first_seen_at` now, and each region's TMDB link is kept.
 */
export async function applyWatchProviders(
  movieId: number,
  data: TmdbWatchProviders,
  client: TransactionClientContract
): Promise<WatchProvidersResult> {
  const now = DateTime.utc()
  const movie = await client.from('movies').where('id', movieId).select('watch_providers_synced_at').first()
  const syncedBefore = Boolean(movie?.watch_providers_synced_at)

  const offers = new Map<string, OfferRow>()
  const providers = new Map<number, { id: number; name: string; logo_path: string | null; display_priority: number }>()
  const regionPriorities = new Map<string, { provider_id: number; region: string; display_priority: number }>()
  const links = new Map<string, string | null>()
  for (const [region, entry] of Object.entries(data.results ?? {})) {
    if (!REGION_PATTERN.test(region) || !entry) continue
    for (const kind of WATCH_KINDS) {
      for (const offer of entry[kind] ?? []) {
        if (!Number.isInteger(offer.provider_id) || offer.provider_id <= 0) continue
        const priority = Number.isFinite(offer.display_priority) ? Math.trunc(offer.display_priority) : 0
        const row: OfferRow = { movie_id: movieId, region, provider_id: offer.provider_id, kind, display_priority: priority }
        offers.set(offerKey(row), row)
        if (!providers.has(offer.provider_id)) {
          providers.set(offer.provider_id, {
            id: offer.provider_id,
            name: clip(offer.provider_name, 200) ?? `Provider ${offer.provider_id}`,
            logo_path: clip(offer.logo_path, 255),
            display_priority: priority,
          })
        }
        regionPriorities.set(`${region}|${offer.provider_id}`, { provider_id: offer.provider_id, region, display_priority: priority })
        links.set(region, clip(entry.link, 1000))
      }
    }
  }

  // Providers first, in id order (one lock order for concurrent syncs); names and logos are the list refresh's job.
  if (providers.size) {
    await client
      .table('watch_providers')
      .insert([...providers.values()].sort((a, b) => a.id - b.id))
      .onConflict('id')
      .ignore()
    await client
      .table('watch_provider_regions')
      .insert([...regionPriorities.values()].sort((a, b) => a.region.localeCompare(b.region) || a.provider_id - b.provider_id))
      .onConflict(['region', 'provider_id'])
      .ignore()
  }

  const current: (OfferRow & { first_seen_at: Date })[] = await client
    .from('movie_watch_providers')
    .where('movie_id', movieId)
    .select('movie_id', 'region', 'provider_id', 'kind', 'display_priority', 'first_seen_at')
  const currentByKey = new Map(current.map((row) => [offerKey(row), row]))
  const gone = current.filter((row) => !offers.has(offerKey(row)))
  const added = [...offers.values()].filter((row) => !currentByKey.has(offerKey(row)))
  const moved = [...offers.values()].filter((row) => {
    const before = currentByKey.get(offerKey(row))
    return before !== undefined && before.display_priority !== row.display_priority
  })

  for (const row of gone) {
    await client
      .from('movie_watch_providers')
      .where({ movie_id: movieId, region: row.region, provider_id: row.provider_id, kind: row.kind })
      .delete()
  }
  if (added.length) {
    await client.table('movie_watch_providers').insert(added.map((row) => ({ ...row, first_seen_at: now.toJSDate() })))
  }
  for (const row of moved) {
    await client
      .from('movie_watch_providers')
      .where({ movie_id: movieId, region: row.region, provider_id: row.provider_id, kind: row.kind })
      .update({ display_priority: row.display_priority })
  }

  const regionRows: { region: string; link: string | null }[] = await client
    .from('movie_watch_regions')
    .where('movie_id', movieId)
    .select('region', 'link')
  const regionsBefore = new Map(regionRows.map((row) => [row.region, row.link]))
  const regionsGone = [...regionsBefore.keys()].filter((region) => !links.has(region))
  const regionsChanged = [...links].filter(([region, link]) => !regionsBefore.has(region) || regionsBefore.get(region) !== link)
  if (regionsGone.length) {
    await client.from('movie_watch_regions').where('movie_id', movieId).whereIn('region', regionsGone).delete()
  }
  if (regionsChanged.length) {
    await client
      .table('movie_watch_regions')
      .insert(regionsChanged.map(([region, link]) => ({ movie_id: movieId, region, link })))
      .onConflict(['movie_id', 'region'])
      .merge(['link'])
  }
  await client.from('movies').where('id', movieId).update({ watch_providers_synced_at: now.toJSDate() })

  const arrivals = new Map<string, WatchArrival>()
  if (syncedBefore) {
    for (const row of added) {
      if (!ARRIVAL_KINDS.includes(row.kind)) continue
      // Already on the service in another arrival kind (free before, flatrate now): not news.
      const wasThere = ARRIVAL_KINDS.some((kind) => currentByKey.has(offerKey({ ...row, kind })))
      if (!wasThere) arrivals.set(`${row.region}|${row.provider_id}`, { region: row.region, providerId: row.provider_id })
    }
  }
  return {
    changed: Boolean(gone.length || added.length || moved.length || regionsGone.length || regionsChanged.length),
    arrivals: [...arrivals.values()],
    seenAt: now,
  }
}

/**
 * TMDB's provider list (/watch/providers/regions, then
 * /watch/providers/movie per region): names, logos and each region's
 * display priority. Providers a region no longer lists keep their offers
 * (a movie's sync says where it is) but leave that region's list.
 */
export async function refreshWatchProviderList(options: { client?: TmdbClient } = {}) {
  const client = options.client ?? TmdbClient.fromEnv()
  const regions = (await client.watchProviderRegions())
    .map((region) => region.iso_3166_1)
    .filter((code) => REGION_PATTERN.test(code))
  const global = await client.watchProviderList()
  const byRegion = new Map<string, Awaited<ReturnType<TmdbClient['watchProviderList']>>>()
  for (const region of regions) byRegion.set(region, await client.watchProviderList(region))

  const providers = new Map<number, { id: number; name: string; logo_path: string | null; display_priority: number }>()
  for (const provider of [...global, ...[...byRegion.values()].flat()]) {
    if (!Number.isInteger(provider.provider_id) || provider.provider_id <= 0 || providers.has(provider.provider_id)) continue
    providers.set(provider.provider_id, {
      id: provider.provider_id,
      name: clip(provider.provider_name, 200) ?? `Provider ${provider.provider_id}`,
      logo_path: clip(provider.logo_path, 255),
      display_priority: Math.trunc(provider.display_priority ?? 0),
    })
  }

  await db.transaction(async (trx) => {
    if (providers.size) {
      await trx
        .table('watch_providers')
        .insert([...providers.values()].sort((a, b) => a.id - b.id).map((row) => ({ ...row, updated_at: new Date() })))
        .onConflict('id')
        .merge(['name', 'logo_path', 'display_priority', 'updated_at'])
    }
    for (const [region, list] of byRegion) {
      const rows = list
        .filter((provider) => providers.has(provider.provider_id))
        .map((provider) => ({
          provider_id: provider.provider_id,
          region,
          display_priority: Math.trunc(provider.display_priorities?.[region] ?? provider.display_priority ?? 0),
        }))
      await trx
        .from('watch_provider_regions')
        .where('region', region)
        .whereNotIn('provider_id', rows.map((row) => row.provider_id))
        .delete()
      if (rows.length) {
        await trx
          .table('watch_provider_regions')
          .insert(rows)
          .onConflict(['region', 'provider_id'])
          .merge(['display_priority'])
      }
    }
  })
  // Names and logos show in every cached offer list.
  await invalidateCatalogue()
  return { regions: regions.length, providers: providers.size }
}
