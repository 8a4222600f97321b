import cache from '@adonisjs/cache/services/main'
import db from '@adonisjs/lucid/services/db'
import Movie, { type MovieFilters } from '#models/movie'
import Series from '#models/series'
import MovieTransformer, { type MovieSummary } from '#transformers/movie_transformer'
import SeriesTransformer, { type SeriesSummary } from '#transformers/series_transformer'
import { CATALOGUE_TAG } from '#services/catalogue/catalogue_cache'
import { SERIES_CATALOGUE_TAG } from '#services/catalogue/series_cache'
import { movieSearchMatches } from '#services/catalogue/movie_catalogue_service'
import { seriesSearchMatches } from '#services/catalogue/series_catalogue_service'
import { stableQueryKey } from '#services/catalogue/catalogue_pages'
import { paginationMeta, type Page, type PageRequest } from '#services/http/pagination'
import { visibilityClass, type Viewer } from '#services/http/viewer'

/** A movie in a mixed list says so, as a series summary does. */
export type MixedMovieSummary = MovieSummary & { is_series: false }
export type MixedSummary = MixedMovieSummary | SeriesSummary

/** The filters both kinds understand (their scopes take the same names). */
export type SharedFilters = Omit<MovieFilters, 'tmdbId' | 'imdbId'>

export interface MixedSearchRequest {
  type?: 'movie' | 'series'
  filters: SharedFilters
  page: PageRequest
  path: string
  query: Record<string, unknown>
}

interface Hit {
  kind: 'movie' | 'series'
  id: number
}

/**
 * GET /search: movies and series ranked together by the relevance the
 * movie and series searches compute (title, genre, network, cast…), then
 * popularity. Cached like the catalogue searches, dropped with either one.
 */
export default class MixedSearchService {
  async search(term: string, request: MixedSearchRequest, viewer: Viewer): Promise<Page<MixedSummary>> {
    const q = term.toLowerCase()
    const key = [
      'mixed-search',
      q,
      request.type ?? 'all',
      visibilityClass(viewer),
      stableQueryKey({ ...request.filters }),
      request.page.page,
      request.page.perPage,
    ].join(':')
    const cached = await cache.getOrSet({
      key,
      tags: [CATALOGUE_TAG, SERIES_CATALOGUE_TAG],
      factory: () => this.load(q, request, viewer),
    })
    return { data: cached.data, meta: paginationMeta(cached.total, request.page, request.path, request.query) }
  }

  private async load(q: string, request: MixedSearchRequest, viewer: Viewer) {
    const parts = []
    if (request.type !== 'series') {
      const matches = movieSearchMatches(q)
      parts.push(
        Movie.query()
          .apply((scopes) => {
            scopes.visibleTo(viewer)
            scopes.filtered(request.filters)
          })
          .joinRaw(`JOIN ${matches.sql} AS search_matches ON search_matches.movie_id = movies.id`, matches.bindings)
          .select(db.raw("'movie' AS kind"), 'movies.id', 'search_matches.relevance', 'movies.popularity')
      )
    }
    if (request.type !== 'movie') {
      const matches = seriesSearchMatches(q)
      parts.push(
        Series.query()
          .apply((scopes) => {
            scopes.visibleTo(viewer)
            scopes.filtered(request.filters)
          })
          .joinRaw(`JOIN ${matches.sql} AS search_matches ON search_matches.series_id = series.id`, matches.bindings)
          .select(db.raw("'series' AS kind"), 'series.id', 'search_matches.relevance', 'series.popularity')
      )
    }
    const [first, ...rest] = parts
    const union = rest.length ? first.clone().unionAll(rest) : first
    const [countRow] = await db.from(union.as('hits')).count('* as total')
    const hits = (await db
      .from(union.as('hits'))
      .select('kind', 'id')
      .orderBy('relevance', 'desc')
      .orderBy('popularity', 'desc')
      .orderBy('kind', 'asc')
      .orderBy('id', 'asc')
      .offset((request.page.page - 1) * request.page.perPage)
      .limit(request.page.perPage)) as Hit[]

    const idsOf = (kind: Hit['kind']) => hits.filter((hit) => hit.kind === kind).map((hit) => hit.id)
    const [movies, series] = await Promise.all([
      Movie.query().whereIn('id', idsOf('movie')).preload('genres'),
      Series.query().whereIn('id', idsOf('series')).preload('genres'),
    ])
    const byKey = new Map<string, MixedSummary>()
    for (const movie of movies) byKey.set(`movie:${movie.id}`, { ...MovieTransformer.summary(movie), is_series: false })
    for (const show of series) byKey.set(`series:${show.id}`, SeriesTransformer.summary(show))
    return {
      total: Number(countRow.total),
      data: hits.map((hit) => byKey.get(`${hit.kind}:${hit.id}`)!).filter(Boolean),
    }
  }
}
