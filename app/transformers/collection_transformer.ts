import type Collection from '#models/collection'
import { imageUrl, type MovieSummary, type ViewerFields } from '#transformers/movie_transformer'

/** GET /collections/:id as every viewer of one maturity class sees it (cacheable). */
export interface CollectionResource {
  id: number
  tmdb_id: number
  name: string
  overview: string | null
  poster_url: string | null
  backdrop_url: string | null
  /** The parts the viewer may see, in release order. */
  parts: MovieSummary[]
}

/** A part as a signed-in caller sees it: the summary's per-user fields and `watched`. */
export type ViewerCollectionPart = MovieSummary & ViewerFields & { watched: boolean }

/** With a token: per-user fields on the parts and how many of them the caller watched. */
export interface ViewerCollectionResource extends Omit<CollectionResource, 'parts'> {
  parts: ViewerCollectionPart[]
  watched_count: number
}

/** A TMDB collection (franchise) with its parts (API.md, "Collections (franchises)"). */
export default class CollectionTransformer {
  static resource(collection: Collection, parts: MovieSummary[]): CollectionResource {
    return {
      id: collection.id,
      tmdb_id: collection.tmdbId,
      name: collection.name,
      overview: collection.overview,
      poster_url: imageUrl(collection.posterPath, 'w500'),
      backdrop_url: imageUrl(collection.backdropPath, 'w1280'),
      parts,
    }
  }

  /** The shared resource plus the caller's fields; `watched_count` counts the parts shown. */
  static forViewer(collection: CollectionResource, parts: ViewerCollectionPart[]): ViewerCollectionResource {
    return { ...collection, parts, watched_count: parts.filter((part) => part.watched).length }
  }
}
