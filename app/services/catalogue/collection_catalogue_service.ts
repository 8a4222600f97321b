import { inject } from '@adonisjs/core'
import cache from '@adonisjs/cache/services/main'
import Collection from '#models/collection'
import Movie from '#models/movie'
import { CATALOGUE_TAG, collectionTag } from '#services/catalogue/catalogue_cache'
import { visibilityClass, type Viewer } from '#services/http/viewer'
import ViewerStateService from '#services/library/viewer_state_service'
import MovieTransformer from '#transformers/movie_transformer'
import CollectionTransformer, {
  type CollectionResource,
  type ViewerCollectionResource,
} from '#transformers/collection_transformer'

/**
 * Collections (franchises) with their parts, read side. The anonymous body
 * is cached per maturity class under `catalogue` (any change to a movie
 * drops it: ratings move `average_rating`, hiding a part removes it) and
 * `collection:<id>` (the collection sync); the caller's fields come from
 * their cached state on top, so nothing per user is ever cached here.
 */
@inject()
export default class CollectionCatalogueService {
  constructor(protected viewerState: ViewerStateService) {}

  /**
   * The collection with the parts `viewer` may see, in release order; null
   * when it does not exist or none of its parts is visible to the viewer (a
   * collection is only known through its movies: one the viewer may not see
   * must not show through it).
   */
  async show(collectionId: number, viewer: Viewer): Promise<CollectionResource | null> {
    const cached = await cache.getOrSet({
      key: `collection:${collectionId}:${visibilityClass(viewer)}`,
      tags: [CATALOGUE_TAG, collectionTag(collectionId)],
      // Wrapped: an unknown id is cached too (as null) and dropped with the same tags.
      factory: async () => ({ collection: await this.load(collectionId, viewer) }),
    })
    return cached.collection
  }

  /** The per-user version: each part's `user_rating`, `in_watchlist`, `is_favorite`, `watched`, and `watched_count`. */
  async forUser(userId: number, collection: CollectionResource): Promise<ViewerCollectionResource> {
    // "Watched" as everywhere else: rated, logged in the diary or marked watched (user_state.ts).
    return CollectionTransformer.forViewer(collection, await this.viewerState.withWatched(userId, collection.parts))
  }

  private async load(collectionId: number, viewer: Viewer): Promise<CollectionResource | null> {
    const collection = await Collection.find(collectionId)
    if (!collection) return null
    const parts = await Movie.query()
      .where('movies.collection_id', collection.id)
      .apply((scopes) => {
        scopes.visibleTo(viewer)
        scopes.sorted('release_date')
      })
      .preload('genres')
    if (!parts.length) return null
    return CollectionTransformer.resource(
      collection,
      parts.map((movie) => MovieTransformer.summary(movie))
    )
  }
}
