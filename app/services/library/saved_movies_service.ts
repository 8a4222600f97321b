import { DateTime } from 'luxon'
import emitter from '@adonisjs/core/services/emitter'
import db from '@adonisjs/lucid/services/db'
import WatchlistItem from '#models/watchlist_item'
import Favorite from '#models/favorite'
import type User from '#models/user'
import type { LucidModel, ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import ApiException from '#exceptions/api_exception'
import { findVisibleMovieOrFail } from '#services/catalogue/movie_lookup'
import { movieSummaries, type ViewerMovieSummary } from '#services/catalogue/movie_summaries'
import { paginationMeta, type Page, type PageRequest } from '#services/http/pagination'
import { affectedRows } from '#services/database/query_helpers'
import type { COLLECTION_SORTS } from '#validators/collection'
import { recordActivity } from '#services/social/activities'

type CollectionSort = (typeof COLLECTION_SORTS)[number]

export interface WatchlistResource {
  movie: ViewerMovieSummary
  added_at: string
  watched: boolean
  watched_at: string | null
}

export interface FavoriteResource {
  movie: ViewerMovieSummary
  added_at: string
}

interface ListOptions {
  sort: CollectionSort
  page: PageRequest
  path: string
  query: Record<string, unknown>
}

/**
 * The caller's watchlist and favourites: one row per user and movie (unique
 * index), added idempotently — PUT tells whether it created the row.
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
      data: items.map((item) => this.watchlistResource(item, movies.get(item.movieId)!)),
      meta: paginationMeta(Number(countRow.$extras.total), options.page, options.path, options.query),
    }
  }

  async addToWatchlist(user: User, movieId: number): Promise<{ created: boolean; item: WatchlistResource }> {
    await findVisibleMovieOrFail(movieId, user)
    const inserted = await db
      .table('watchlist_items')
      .insert({ user_id: user.id, movie_id: movieId })
      .onConflict(['user_id', 'movie_id'])
      .ignore()
      .returning('id')
    if (inserted.length) await recordActivity(user.id, 'watchlist_add', Number(inserted[0].id ?? inserted[0]), movieId)
    await emitter.emit('user:library_changed', { userId: user.id, change: 'watchlist' })
    return { created: inserted.length > 0, item: await this.watchlistItem(user, movieId) }
  }

  /** `watched: true` stamps watched_at (kept if already watched); false clears it. */
  async markWatched(user: User, movieId: number, watched: boolean): Promise<WatchlistResource> {
    const item = await WatchlistItem.query().where({ userId: user.id, movieId }).first()
    if (!item) throw ApiException.notFound('This movie is not on your watchlist')
    if (watched && !item.watched) item.merge({ watched: true, watchedAt: DateTime.now() })
    if (!watched) item.merge({ watched: false, watchedAt: null })
    await item.save()
    await emitter.emit('user:library_changed', { userId: user.id, change: 'watchlist' })
    return this.watchlistItem(user, movieId)
  }

  async removeFromWatchlist(user: User, movieId: number) {
    const deleted = await WatchlistItem.query().where({ userId: user.id, movieId }).delete()
    if (!affectedRows(deleted)) throw ApiException.notFound('This movie is not on your watchlist')
    await emitter.emit('user:library_changed', { userId: user.id, change: 'watchlist' })
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
      data: items.map((item) => ({
        movie: movies.get(item.movieId)!,
        added_at: item.createdAt.toUTC().toISO()!,
      })),
      meta: paginationMeta(Number(countRow.$extras.total), options.page, options.path, options.query),
    }
  }

  async addFavorite(user: User, movieId: number): Promise<{ created: boolean; item: FavoriteResource }> {
    await findVisibleMovieOrFail(movieId, user)
    const inserted = await db
      .table('favorites')
      .insert({ user_id: user.id, movie_id: movieId })
      .onConflict(['user_id', 'movie_id'])
      .ignore()
      .returning('id')
    if (inserted.length) await emitter.emit('user:library_changed', { userId: user.id, change: 'favorite' })
    const favorite = await Favorite.query().where({ userId: user.id, movieId }).firstOrFail()
    const movies = await movieSummaries([movieId], user.id)
    return {
      created: inserted.length > 0,
      item: { movie: movies.get(movieId)!, added_at: favorite.createdAt.toUTC().toISO()! },
    }
  }

  async removeFavorite(user: User, movieId: number) {
    const deleted = await Favorite.query().where({ userId: user.id, movieId }).delete()
    if (!affectedRows(deleted)) throw ApiException.notFound('This movie is not in your favorites')
    await emitter.emit('user:library_changed', { userId: user.id, change: 'favorite' })
  }

  private async watchlistItem(user: User, movieId: number): Promise<WatchlistResource> {
    const item = await WatchlistItem.query().where({ userId: user.id, movieId }).firstOrFail()
    const movies = await movieSummaries([movieId], user.id)
    return this.watchlistResource(item, movies.get(movieId)!)
  }

  private watchlistResource(item: WatchlistItem, movie: ViewerMovieSummary): WatchlistResource {
    return {
      movie,
      added_at: item.createdAt.toUTC().toISO()!,
      watched: item.watched,
      watched_at: item.watchedAt?.toUTC().toISO() ?? null,
    }
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
