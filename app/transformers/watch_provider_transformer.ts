import { imageUrl } from '#transformers/movie_transformer'
import type { WatchKind } from '#services/tmdb/types'

/** A streaming, rental or store service (TMDB's watch provider). */
export interface ProviderResource {
  provider_id: number
  name: string
  logo_url: string | null
  display_priority: number
}

/** Where one movie can be watched in one region. */
export type WatchOffersResource = { region: string; link: string | null } & Record<WatchKind, ProviderResource[]>

/** The caller's streaming services (`/me/services`). */
export interface StreamingServicesResource {
  region: string
  provider_ids: number[]
}

/** What the transformer reads: a provider row with the display priority that applies. */
export interface ProviderRow {
  id: number
  name: string
  logo_path: string | null
  display_priority: number
}

export default class WatchProviderTransformer {
  static provider(row: ProviderRow): ProviderResource {
    return {
      provider_id: row.id,
      name: row.name,
      logo_url: imageUrl(row.logo_path, 'w185'),
      display_priority: row.display_priority,
    }
  }

  /** Providers in display order (ties by name, then id). */
  static providers(rows: ProviderRow[]): ProviderResource[] {
    return [...rows]
      .sort((a, b) => a.display_priority - b.display_priority || a.name.localeCompare(b.name) || a.id - b.id)
      .map((row) => WatchProviderTransformer.provider(row))
  }

  static offers(region: string, link: string | null, byKind: Record<WatchKind, ProviderRow[]>): WatchOffersResource {
    return {
      region,
      link,
      flatrate: WatchProviderTransformer.providers(byKind.flatrate),
      rent: WatchProviderTransformer.providers(byKind.rent),
      buy: WatchProviderTransformer.providers(byKind.buy),
      free: WatchProviderTransformer.providers(byKind.free),
    }
  }

  static services(region: string, providerIds: number[]): StreamingServicesResource {
    return { region, provider_ids: [...providerIds].sort((a, b) => a - b) }
  }
}
