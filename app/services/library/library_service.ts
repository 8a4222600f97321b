import { inject } from '@adonisjs/core'
import db from '@adonisjs/lucid/services/db'
import Series from '#models/series'
import type User from '#models/user'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'
import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import { movieSummaries } from '#services/catalogue/movie_summaries'
import { paginationMeta, type Page, type PageRequest } from '#services/http/pagination'
import { viewerFor } from '#services/http/viewer'
import WatchlistItemTransformer, { type WatchlistResource } from '#transformers/watchlist_item_transformer'
import FavoriteTransformer, { type FavoriteResource } from '#transformers/favorite_transformer'
import SeriesWatchlistService, { type SeriesWatchlistItem } from '#services/library/series_watchlist_service'
import SeriesFavoritesService, { type SeriesFavoriteItem } from '#services/library/series_favorites_service'
import type { TitleKindName } from '#services/catalogue/title_kinds'
import type { COLLECTION_SORTS } from '#validators/collection'
import { userState } from '#services/library/user_state_cache'
import { statePage } from '#services/library/state_lists'
import type { UserState } from '#services/recommender/user_state'

export interface LibraryListOptions {
  /** Only one kind; both when undefined. */
  type?: TitleKindName
  sort: (typeof COLLECTION_SORTS)[number]
  page: PageRequest
  path: string
  query: Record<string, unknown>
}

/** One row of the union: which kind, which title, when added, and the watchlist flag. */
interface LibraryRow {
  kind: TitleKindName
  title_id: number
  created_at: Date | string
  watched: boolean
  watched_at: Date | string | null
}

type Part = DatabaseQueryBuilderContract | ModelQueryBuilderContract<typeof Series, Series>

/**
 * GET /me/watchlist and /me/favorites across movies and series: one union
 * query orders and pages both kinds together (one pagination), then each
 * kind's rows are turned into their items. Movie items keep their shape
 * exactly; series items carry their summary under both `series` and `movie`.
 */
@inject()
export default class LibraryService {
  constructor(
    protected seriesWatchlist: SeriesWatchlistService,
    protected seriesFavorites: SeriesFavoritesService
  ) {}

  async watchlist(
    user: User,
    options: LibraryListOptions & { watched?: boolean }
  ): Promise<Page<WatchlistResource | SeriesWatchlistItem>> {
    const state = await userState(user.id)
    if (this.#moviesOnly(options, state.seriesWatchlist)) {
      const { watched } = options
      const { total, items } = await this.#fromState(
        state,
        `watchlist:${options.sort}:${watched ?? ''}`,
        state.watchlistAddedAt,
        options,
        (id) => watched === undefined || state.watchedOnWatchlist.has(id) === watched
      )
      const data = items.map(({ movieId, addedAt, movie }) => {
        const watchedAt = state.watchedAt.get(movieId)
        const row = {
          createdAt: new Date(addedAt),
          watched: state.watchedOnWatchlist.has(movieId),
          watchedAt: watchedAt ? new Date(watchedAt) : null,
        }
        return WatchlistItemTransformer.movie(row, movie)
      })
      return { data, meta: paginationMeta(total, options.page, options.path, options.query) }
    }
    const parts: Part[] = []
    if (options.type !== 'series') {
      const movies = this.savedMovies(user, 'watchlist_items').select(
        db.raw("'movie' AS kind"),
        'w.id',
        'w.movie_id AS title_id',
        'w.created_at',
        'w.watched',
        'w.watched_at',
        db.raw('lower(movies.title) AS sort_title')
      )
      if (options.watched !== undefined) movies.where('w.watched', options.watched)
      parts.push(movies)
    }
    if (options.type !== 'movie') {
      const series = this.visibleSeries(user, 'series_watchlist_items').select(
        db.raw("'series' AS kind"),
        'w.id',
        'w.series_id AS title_id',
        'w.created_at',
        'w.watched',
        'w.watched_at',
        db.raw('lower(series.name) AS sort_title')
      )
      if (options.watched !== undefined) series.where('w.watched', options.watched)
      parts.push(series)
    }

    const { total, rows } = await this.page(parts, options)
    const movieIds = rows.filter((row) => row.kind === 'movie').map((row) => row.title_id)
    const seriesRows = rows.filter((row) => row.kind === 'series')
    const [movies, seriesItems] = await Promise.all([
      movieSummaries(movieIds, user.id),
      this.seriesWatchlist.items(
        user.id,
        seriesRows.map((row) => ({ ...row, series_id: row.title_id }))
      ),
    ])
    const seriesById = new Map(seriesItems.map((item) => [item.series.id, item]))
    const data = rows.map((row): WatchlistResource | SeriesWatchlistItem =>
      row.kind === 'series'
        ? seriesById.get(row.title_id)!
        : WatchlistItemTransformer.movie(
            { createdAt: row.created_at, watched: row.watched, watchedAt: row.watched_at },
            movies.get(row.title_id)!
          )
    )
    return { data, meta: paginationMeta(total, options.page, options.path, options.query) }
  }

  async favorites(user: User, options: LibraryListOptions): Promise<Page<FavoriteResource | SeriesFavoriteItem>> {
    const state = await userState(user.id)
    if (this.#moviesOnly(options, state.seriesFavorites)) {
      const { total, items } = await this.#fromState(state, `favorites:${options.sort}`, state.favoriteAddedAt, options)
      const data = items.map(({ addedAt, movie }) => FavoriteTransformer.movie(new Date(addedAt), movie))
      return { data, meta: paginationMeta(total, options.page, options.path, options.query) }
    }
    const parts: Part[] = []
    if (options.type !== 'series') {
      parts.push(
        this.savedMovies(user, 'favorites').select(
          db.raw("'movie' AS kind"),
          'w.id',
          'w.movie_id AS title_id',
          'w.created_at',
          // Favourites have no watched flag: constant columns keep the union's shape.
          db.raw('false AS watched'),
          db.raw('NULL::timestamptz AS watched_at'),
          db.raw('lower(movies.title) AS sort_title')
        )
      )
    }
    if (options.type !== 'movie') {
      parts.push(
        this.visibleSeries(user, 'series_favorites').select(
          db.raw("'series' AS kind"),
          'w.id',
          'w.series_id AS title_id',
          'w.created_at',
          db.raw('false AS watched'),
          db.raw('NULL::timestamptz AS watched_at'),
          db.raw('lower(series.name) AS sort_title')
        )
      )
    }

    const { total, rows } = await this.page(parts, options)
    const [movies, seriesItems] = await Promise.all([
      movieSummaries(
        rows.filter((row) => row.kind === 'movie').map((row) => row.title_id),
        user.id
      ),
      this.seriesFavorites.items(
        user.id,
        rows.filter((row) => row.kind === 'series').map((row) => ({ ...row, series_id: row.title_id }))
      ),
    ])
    const seriesById = new Map(seriesItems.map((item) => [item.series.id, item]))
    const data = rows.map((row): FavoriteResource | SeriesFavoriteItem =>
      row.kind === 'series'
        ? seriesById.get(row.title_id)!
        : FavoriteTransformer.movie(row.created_at, movies.get(row.title_id)!)
    )
    return { data, meta: paginationMeta(total, options.page, options.path, options.query) }
  }

  /**
   * Movie-only pages ordered by when they were added come from the caller's
   * in-memory state and the shared movie cards (no query once warm); a
   * title sort, or series in the list, take the union query below.
   */
  #moviesOnly(options: LibraryListOptions, seriesInList: ReadonlySet<number>) {
    return options.sort !== 'title' && options.type !== 'series' && (options.type === 'movie' || seriesInList.size === 0)
  }

  /** A page of movies by when they were added (newest first by default; ties by the higher movie id). */
  #fromState(
    state: UserState,
    key: string,
    addedAt: ReadonlyMap<number, number>,
    options: LibraryListOptions,
    keep: (movieId: number) => boolean = () => true
  ) {
    const ascending = options.sort === 'added_at'
    return statePage(
      state,
      key,
      (hidden) =>
        [...addedAt]
          .filter(([movieId]) => !hidden.has(movieId) && keep(movieId))
          .map(([movieId, at]) => ({ movieId, addedAt: at }))
          .sort((a, b) => (ascending ? a.addedAt - b.addedAt : b.addedAt - a.addedAt) || b.movieId - a.movieId),
      options.page
    )
  }

  /** The caller's rows of a series collection table (as `w`), shows they may see only. */
  /** The caller's rows of a movie collection table (as `w`), movies not hidden by a moderator. */
  private savedMovies(user: User, table: 'watchlist_items' | 'favorites') {
    return db.from(`${table} as w`).join('movies', 'movies.id', 'w.movie_id').where('w.user_id', user.id).where('movies.is_hidden', false)
  }

  private visibleSeries(user: User, table: 'series_watchlist_items' | 'series_favorites') {
    return Series.query()
      .apply((scopes) => scopes.visibleTo(viewerFor(user)))
      .join(`${table} as w`, 'w.series_id', 'series.id')
      .where('w.user_id', user.id)
  }

  /** Counts and pages the union of the parts in the requested order. */
  private async page(parts: Part[], options: LibraryListOptions) {
    const [first, ...rest] = parts
    const union = rest.length ? first.clone().unionAll(rest) : first
    const [countRow] = await db.from(union.as('items')).count('* as total')
    const query = db.from(union.as('items')).select('kind', 'title_id', 'created_at', 'watched', 'watched_at')
    if (options.sort === 'title') query.orderBy('sort_title', 'asc')
    else query.orderBy('created_at', options.sort === 'added_at' ? 'asc' : 'desc')
    // Ties (same second, same title): a stable order across both kinds.
    const rows = (await query
      .orderBy('kind', 'asc')
      .orderBy('id', 'desc')
      .offset((options.page.page - 1) * options.page.perPage)
      .limit(options.page.perPage)) as LibraryRow[]
    return { total: Number(countRow.total), rows }
  }
}
