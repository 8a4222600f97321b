import WatchlistItem from '#models/watchlist_item'
import Favorite from '#models/favorite'
import type User from '#models/user'
import type { LucidModel, ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import { movieSummaries } from '#services/catalogue/movie_summaries'
import { paginationMeta, type Page, type PageRequest } from '#services/http/pagination'
import type { COLLECTION_SORTS } from '#validators/collection'
import WatchlistItemTransformer, { type WatchlistResource } from '#transformers/watchlist_item_transformer'
import FavoriteTransformer, { type FavoriteResource } from '#transformers/favorite_transformer'

export type { WatchlistResource } from '#transformers/watchlist_item_transformer'
export type { FavoriteResource } from '#transformers/favorite_transformer'

type CollectionSort = (typeof COLLECTION_SORTS)[number]

interface ListOptions {
  sort: CollectionSort
  page: PageRequest
  path: string
  query: Record<string, unknown>
}

/**
 * The caller's watchlist and favourite movies as the movie-only lists
 * (`?type=movie`) and the items PUT/PATCH answer with. Writes go through
 * SavedTitlesService with the movie kind (title_kinds.ts).
 */
export default class SavedMoviesService {
  async watchlist(user: User, options: ListOptions & { watched?: boolean }): Promise<Page<WatchlistResource>> {
    const base = WatchlistItem.query()
      .where('watchlist_items.user_id', user.id)
      .join('movies', 'movies.id', 'watchlist_items.movie_id')
      .where('movies.is_hidden', false)
    if (options.watched !== undefined) base.where('watchlist_items.watched', options.watched)

    const [countRow] = await base.clone().count('* as total')
    const items = await this.sorted(base.clone().select('watchlist_items.*'), 'watchlist_items', options)
    const movies = await movieSummaries(
      items.map((item) => item.movieId),
      user.id
    )
    return {
      data: items.map((item) => WatchlistItemTransformer.movie(item, movies.get(item.movieId)!)),
      meta: paginationMeta(Number(countRow.$extras.total), options.page, options.path, options.query),
    }
  }

  async favorites(user: User, options: ListOptions): Promise<Page<FavoriteResource>> {
    const base = Favorite.query()
      .where('favorites.user_id', user.id)
      .join('movies', 'movies.id', 'favorites.movie_id')
      .where('movies.is_hidden', false)
    const [countRow] = await base.clone().count('* as total')
    const items = await this.sorted(base.clone().select('favorites.*'), 'favorites', options)
    const movies = await movieSummaries(
      items.map((item) => item.movieId),
      user.id
    )
    return {
      data: items.map((item) => FavoriteTransformer.movie(item.createdAt, movies.get(item.movieId)!)),
      meta: paginationMeta(Number(countRow.$extras.total), options.page, options.path, options.query),
    }
  }

  /** The favourite as PUT /me/favorites/:movie_id answers. */
  async favoriteItem(user: User, movieId: number): Promise<FavoriteResource> {
    const favorite = await Favorite.query().where({ userId: user.id, movieId }).firstOrFail()
    const movies = await movieSummaries([movieId], user.id)
    return FavoriteTransformer.movie(favorite.createdAt, movies.get(movieId)!)
  }

  /** The watchlist item as PUT/PATCH /me/watchlist/:movie_id answer. */
  async watchlistItem(user: User, movieId: number): Promise<WatchlistResource> {
    const item = await WatchlistItem.query().where({ userId: user.id, movieId }).firstOrFail()
    const movies = await movieSummaries([movieId], user.id)
    return WatchlistItemTransformer.movie(item, movies.get(movieId)!)
  }

  private sorted<Model extends LucidModel>(
    query: ModelQueryBuilderContract<Model>,
    table: 'watchlist_items' | 'favorites',
    { sort, page }: ListOptions
  ) {
    if (sort === 'title') query.orderByRaw('lower(movies.title) ASC')
    else query.orderBy(`${table}.created_at`, sort === 'added_at' ? 'asc' : 'desc')
    return query
      .orderBy(`${table}.id`, 'desc')
      .offset((page.page - 1) * page.perPage)
      .limit(page.perPage)
  }
}
