import { DateTime } from 'luxon'
import cache from '@adonisjs/cache/services/main'
import db from '@adonisjs/lucid/services/db'
import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import Movie, { type MovieFilters, type MovieSort } from '#models/movie'
import Genre from '#models/genre'
import MovieTransformer, { type MovieDetail, type MovieSummary } from '#transformers/movie_transformer'
import GenreTransformer from '#transformers/genre_transformer'
import { CATALOGUE_TAG } from '#services/catalogue/catalogue_cache'
import { detailEntry, type DetailEntry } from '#services/catalogue/movie_detail_cache'
import { type Page, type PageRequest } from '#services/http/pagination'
import { type Viewer } from '#services/http/viewer'
import { cachedCataloguePage, escapeLike } from '#services/catalogue/catalogue_pages'
import { MOVIES } from '#models/movie'
import { isVisibleTo } from '#models/catalogue_scopes'

type MovieQuery = ModelQueryBuilderContract<typeof Movie, Movie>

export interface ListRequest {
  filters: MovieFilters
  sort: MovieSort
  page: PageRequest
  /** Route path and raw query, for the page URLs of `meta`. */
  path: string
  query: Record<string, unknown>
}

/** Prior weight of the Bayesian average: a title needs about this many ratings to stand on its own. */
const TOP_RATED_PRIOR_VOTES = 25

/**
 * The search relevance of movies for a lower-cased term, as a subquery of
 * `(movie_id, relevance)` rows; shared by /movies/search and the mixed /search.
 */
export function movieSearchMatches(q: string): { sql: string; bindings: string[] } {
  return {
    sql: `(
            SELECT movie_id, max(score) AS relevance FROM (
              SELECT m.id AS movie_id,
                     greatest(word_similarity(?, lower(m.title)), ts_rank(m.search_vector, plainto_tsquery('simple', ?))) + 0.5 AS score
                FROM movies m
               WHERE lower(m.title) LIKE ? OR ? <% lower(m.title)
                  OR m.search_vector @@ plainto_tsquery('simple', ?)
              UNION ALL
              SELECT mg.movie_id, 0.4 FROM movie_genres mg JOIN genres g ON g.id = mg.genre_id
               WHERE lower(g.name) = ?
              UNION ALL
              SELECT c.movie_id, 0.3 + 0.3 * word_similarity(?, lower(p.name)) FROM people p
                JOIN movie_cast c ON c.person_id = p.id WHERE ? <% lower(p.name)
              UNION ALL
              SELECT cr.movie_id, 0.35 + 0.3 * word_similarity(?, lower(p.name)) FROM people p
                JOIN movie_crew cr ON cr.person_id = p.id AND cr.job = 'Director' WHERE ? <% lower(p.name)
            ) candidates GROUP BY movie_id
          )`,
    bindings: [q, q, `%${escapeLike(q)}%`, q, q, q, q, q, q, q],
  }
}

/**
 * Read side of the catalogue: lists, search, charts and details, cached in
 * Redis by tag (see catalogue_cache.ts) and keyed by the viewer's maturity
 * class. Per-user fields are added by the caller on top of the shared result.
 */
export default class MovieCatalogueService {
  async list(request: ListRequest, viewer: Viewer): Promise<Page<MovieSummary>> {
    return this.cachedPage('movies', request, viewer, (query) => {
      query.apply((scopes) => {
        scopes.filtered(request.filters)
        scopes.sorted(request.sort)
      })
    })
  }

  async search(term: string, request: ListRequest & { explicitSort: boolean }, viewer: Viewer) {
    const q = term.toLowerCase()
    const matches = movieSearchMatches(q)
    return this.cachedPage(`search:${q}`, request, viewer, (query) => {
      query
        .joinRaw(`JOIN ${matches.sql} AS search_matches ON search_matches.movie_id = movies.id`, matches.bindings)
        .apply((scopes) => scopes.filtered(request.filters))
      if (request.explicitSort) {
        query.apply((scopes) => scopes.sorted(request.sort))
      } else {
        query.orderBy('search_matches.relevance', 'desc').orderBy('movies.popularity', 'desc').orderBy('movies.id')
      }
    })
  }

  async trending(window: 'day' | 'week', request: ListRequest, viewer: Viewer) {
    const column = window === 'day' ? 'movies.trending_day' : 'movies.trending_week'
    return this.cachedPage(`trending:${window}`, request, viewer, (query) => {
      query.orderBy(column, 'desc').orderBy('movies.popularity', 'desc').orderBy('movies.id')
    })
  }

  async popular(request: ListRequest, viewer: Viewer) {
    return this.cachedPage('popular', request, viewer, (query) => {
      query.orderBy('movies.popularity', 'desc').orderBy('movies.rating_count', 'desc').orderBy('movies.id')
    })
  }

  /**
   * Bayesian average of site ratings: (v·R + m·C) / (v + m), with C the mean
   * of all ratings and m the prior weight, so a title with two 5-star
   * ratings does not outrank one with thousands of 4.5s.
   */
  async topRated(request: ListRequest, viewer: Viewer) {
    return this.cachedPage('top-rated', request, viewer, async (query) => {
      const globalMean = await this.globalMeanRating()
      query
        .where('movies.rating_count', '>', 0)
        .orderByRaw('(movies.rating_sum + ?::float8 * ?::float8) / (movies.rating_count + ?::float8) DESC', [
          TOP_RATED_PRIOR_VOTES,
          globalMean,
          TOP_RATED_PRIOR_VOTES,
        ])
        .orderBy('movies.rating_count', 'desc')
        .orderBy('movies.id')
    })
  }

  async upcoming(request: ListRequest, viewer: Viewer) {
    return this.cachedPage('upcoming', request, viewer, (query) => {
      query
        .where('movies.release_date', '>', DateTime.utc().toISODate()!)
        .orderBy('movies.release_date', 'asc')
        .orderBy('movies.popularity', 'desc')
        .orderBy('movies.id')
    })
  }

  /** MovieDetail, or null when the movie does not exist or the viewer may not see it. */
  async detail(movieId: number, viewer: Viewer): Promise<MovieDetail | null> {
    return (await this.visibleDetail(movieId, viewer))?.detail ?? null
  }

  /** The shared detail entry (object and pre-serialised JSON), or null as `detail`. */
  async visibleDetail(movieId: number, viewer: Viewer): Promise<DetailEntry | null> {
    const cached = await detailEntry(movieId)
    return cached && isVisibleTo(cached, MOVIES, viewer) ? cached : null
  }

  async genres() {
    return cache.getOrSet({
      key: 'genres',
      tags: [CATALOGUE_TAG],
      factory: async () => {
        const genres = await Genre.query()
          .select('genres.id', 'genres.name')
          .select(
            db.raw(
              '(SELECT count(*) FROM movie_genres mg JOIN movies m ON m.id = mg.movie_id WHERE mg.genre_id = genres.id AND NOT m.is_hidden AND NOT m.adult)::int AS movie_count'
            )
          )
          .orderBy('genres.name')
        return genres.map((genre) => GenreTransformer.withMovieCount(genre))
      },
    })
  }

  private async globalMeanRating(): Promise<number> {
    const row = await db
      .from('movies')
      .where('rating_count', '>', 0)
      .select(db.raw('coalesce(sum(rating_sum) / nullif(sum(rating_count), 0), 3.5) AS mean'))
      .first()
    return Number(row?.mean ?? 3.5)
  }

  /** One cached page of visible movies, built by `build` on a fresh query. */
  private cachedPage(
    name: string,
    request: ListRequest,
    viewer: Viewer,
    /** Must not return the builder: awaiting a thenable would run the query. */
    build: (query: MovieQuery) => void | Promise<void>
  ): Promise<Page<MovieSummary>> {
    return cachedCataloguePage({
      key: ['list', name],
      tag: CATALOGUE_TAG,
      request,
      viewer,
      table: 'movies',
      newQuery: () => Movie.query().apply((scopes) => scopes.visibleTo(viewer)),
      build,
      load: async (page) => (await page.preload('genres')).map((movie) => MovieTransformer.summary(movie)),
    })
  }
}
