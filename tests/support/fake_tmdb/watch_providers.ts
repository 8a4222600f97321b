import type {
  TmdbWatchProvider,
  TmdbWatchProviderOffer,
  TmdbWatchProviderRegion,
  TmdbWatchProviders,
  TmdbWatchRegion,
  WatchKind,
} from '#services/tmdb/types'
import { hash, imagePath, seededRandom } from './catalogue.js'

/**
 * The fake TMDB's watch providers (TMDB's /watch/providers endpoints and a
 * movie's `watch/providers`): real providers by their TMDB ids, a handful of
 * regions, and offers per movie and region made up from the movie id alone.
 * Tests add offers (`FakeTmdbServer.addWatchProvider`) to play an arrival.
 */

export const FAKE_WATCH_REGIONS: TmdbWatchProviderRegion[] = [
  { iso_3166_1: 'DE', english_name: 'Germany', native_name: 'Deutschland' },
  { iso_3166_1: 'FR', english_name: 'France', native_name: 'France' },
  { iso_3166_1: 'GB', english_name: 'United Kingdom', native_name: 'United Kingdom' },
  { iso_3166_1: 'US', english_name: 'United States of America', native_name: 'United States' },
]

const ALL = ['US', 'GB', 'DE', 'FR']

/** How a provider offers films: by subscription (flatrate), in a store (rent, buy) or free with ads. */
type Offering = 'subscription' | 'store' | 'free'

interface FakeProvider {
  id: number
  name: string
  offering: Offering
  regions: string[]
}

/** In TMDB's global display order (the first is shown first). */
export const FAKE_PROVIDERS: FakeProvider[] = [
  { id: 8, name: 'Netflix', offering: 'subscription', regions: ALL },
  { id: 9, name: 'Amazon Prime Video', offering: 'subscription', regions: ALL },
  { id: 337, name: 'Disney Plus', offering: 'subscription', regions: ALL },
  { id: 2, name: 'Apple TV', offering: 'store', regions: ALL },
  { id: 3, name: 'Google Play Movies', offering: 'store', regions: ALL },
  { id: 10, name: 'Amazon Video', offering: 'store', regions: ALL },
  { id: 15, name: 'Hulu', offering: 'subscription', regions: ['US'] },
  { id: 1899, name: 'Max', offering: 'subscription', regions: ['US'] },
  { id: 350, name: 'Apple TV Plus', offering: 'subscription', regions: ALL },
  { id: 531, name: 'Paramount Plus', offering: 'subscription', regions: ['US', 'GB', 'FR'] },
  { id: 39, name: 'Now TV', offering: 'subscription', regions: ['GB'] },
  { id: 30, name: 'WOW', offering: 'subscription', regions: ['DE'] },
  { id: 381, name: 'Canal+', offering: 'subscription', regions: ['FR'] },
  { id: 73, name: 'Tubi TV', offering: 'free', regions: ['US'] },
  { id: 300, name: 'Pluto TV', offering: 'free', regions: ['US', 'GB', 'DE'] },
]

const BY_ID = new Map(FAKE_PROVIDERS.map((provider) => [provider.id, provider]))

/** TMDB's display priority of a provider: its place in the region's list (or the global list). */
function priority(provider: FakeProvider, region?: string) {
  const list = region ? FAKE_PROVIDERS.filter((candidate) => candidate.regions.includes(region)) : FAKE_PROVIDERS
  return list.indexOf(provider) + 1
}

function offer(provider: FakeProvider, region: string): TmdbWatchProviderOffer {
  return {
    logo_path: imagePath(`provider:${provider.id}`),
    provider_id: provider.id,
    provider_name: provider.name,
    display_priority: priority(provider, region),
  }
}

/** An offer added by a test: `providerId` now offers the movie as `kind` in `region`. */
export interface AddedOffer {
  region: string
  providerId: number
  kind: WatchKind
}

export class FakeWatchProviders {
  /** GET /watch/providers/movie: every provider, or those of `region` with that region's priority. */
  list(region?: string | null): TmdbWatchProvider[] {
    const providers = region ? FAKE_PROVIDERS.filter((provider) => provider.regions.includes(region)) : FAKE_PROVIDERS
    return providers.map((provider) => ({
      display_priorities: Object.fromEntries(provider.regions.map((code) => [code, priority(provider, code)])),
      display_priority: priority(provider, region ?? undefined),
      logo_path: imagePath(`provider:${provider.id}`),
      provider_name: provider.name,
      provider_id: provider.id,
    }))
  }

  get regions() {
    return FAKE_WATCH_REGIONS
  }

  /** Whether `providerId` is one of the fake's providers offered in `region`. */
  offeredIn(providerId: number, region: string) {
    return BY_ID.get(providerId)?.regions.includes(region) ?? false
  }

  /**
   * A movie's offers by region: most movies are in most regions, each with a
   * few subscriptions, the stores for rent and to buy, now and then free with
   * ads; `added` (a test's arrivals) on top.
   */
  forMovie(movieId: number, slug: string, added: AddedOffer[] = []): TmdbWatchProviders {
    const results: Record<string, TmdbWatchRegion> = {}
    for (const { iso_3166_1: region } of FAKE_WATCH_REGIONS) {
      const offers: Partial<Record<WatchKind, FakeProvider[]>> = {}
      if (hash(`watch:${movieId}:${region}`) % 100 < (region === 'US' ? 85 : 65)) {
        const random = seededRandom(hash(`watch:${movieId}:${region}:offers`))
        const inRegion = FAKE_PROVIDERS.filter((provider) => provider.regions.includes(region))
        offers.flatrate = inRegion.filter((p) => p.offering === 'subscription' && random() < 0.22).slice(0, 3)
        const stores = inRegion.filter((p) => p.offering === 'store')
        offers.rent = stores.filter(() => random() < 0.6)
        offers.buy = stores.filter(() => random() < 0.7)
        offers.free = inRegion.filter((p) => p.offering === 'free' && random() < 0.2)
        if (!Object.values(offers).some((list) => list.length)) offers.buy = [stores[0]]
      }
      for (const extra of added.filter((entry) => entry.region === region)) {
        const provider = BY_ID.get(extra.providerId)
        if (!provider) continue
        const list = (offers[extra.kind] ??= [])
        if (!list.includes(provider)) list.push(provider)
      }
      const kinds = (['flatrate', 'rent', 'buy', 'free'] as const).filter((kind) => offers[kind]?.length)
      if (!kinds.length) continue
      const entry: TmdbWatchRegion = { link: `https://www.themoviedb.org/movie/${movieId}-${slug}/watch?locale=${region}` }
      for (const kind of kinds) {
        entry[kind] = offers[kind]!.map((provider) => offer(provider, region)).sort(
          (a, b) => a.display_priority - b.display_priority
        )
      }
      results[region] = entry
    }
    return { id: movieId, results }
  }
}

/** TMDB's URL slug of a title ("Fight Club" → "fight-club"). */
export function slugOf(title: string) {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}
