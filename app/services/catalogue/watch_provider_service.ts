import cache from '@adonisjs/cache/services/main'
import db from '@adonisjs/lucid/services/db'
import { CATALOGUE_TAG, movieTag } from '#services/catalogue/catalogue_cache'
import { WATCH_KINDS, type WatchKind } from '#services/tmdb/types'
import WatchProviderTransformer, {
  type ProviderResource,
  type ProviderRow,
  type WatchOffersResource,
} from '#transformers/watch_provider_transformer'

/**
 * Read side of the watch providers (stored by the movie sync and the
 * provider list refresh, app/services/tmdb/watch_provider_sync.ts): a
 * movie's offers in a region and a region's providers, cached like the
 * rest of the catalogue (a movie's offers under its tag, so its sync drops
 * them). Visibility of the movie is the caller's business.
 */
export default class WatchProviderService {
  /** Where `movieId` can be watched in `region` (every list empty when nowhere). */
  async movieOffers(movieId: number, region: string): Promise<WatchOffersResource> {
    return cache.getOrSet({
      key: `watch-providers:movie:${movieId}:${region}`,
      tags: [CATALOGUE_TAG, movieTag(movieId)],
      factory: async () => {
        const [regionRow, rows] = await Promise.all([
          db.from('movie_watch_regions').where({ movie_id: movieId, region }).select('link').first(),
          db
            .from('movie_watch_providers as o')
            .join('watch_providers as p', 'p.id', 'o.provider_id')
            .where('o.movie_id', movieId)
            .where('o.region', region)
            .select('p.id', 'p.name', 'p.logo_path', 'o.display_priority', 'o.kind'),
        ])
        const byKind = Object.fromEntries(WATCH_KINDS.map((kind) => [kind, [] as ProviderRow[]])) as Record<WatchKind, ProviderRow[]>
        for (const row of rows as (ProviderRow & { kind: WatchKind })[]) byKind[row.kind]?.push(row)
        return WatchProviderTransformer.offers(region, regionRow?.link ?? null, byKind)
      },
    })
  }

  /** Every region's offers of a movie, by region code (the admin panel's view). */
  async allOffers(movieId: number): Promise<WatchOffersResource[]> {
    const regions = await db.from('movie_watch_regions').where('movie_id', movieId).orderBy('region').select('region')
    return Promise.all(regions.map((row: { region: string }) => this.movieOffers(movieId, row.region)))
  }

  /** The providers offered in `region` (TMDB's list for it, and any a synced movie is on there). */
  async regionProviders(region: string): Promise<ProviderResource[]> {
    return cache.getOrSet({
      key: `watch-providers:region:${region}`,
      tags: [CATALOGUE_TAG],
      factory: async () => {
        const rows = await db
          .from('watch_provider_regions as r')
          .join('watch_providers as p', 'p.id', 'r.provider_id')
          .where('r.region', region)
          .select('p.id', 'p.name', 'p.logo_path', 'r.display_priority')
        return WatchProviderTransformer.providers(rows)
      },
    })
  }
}
