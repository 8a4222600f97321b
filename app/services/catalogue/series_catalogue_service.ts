import cache from '@adonisjs/cache/services/main'
import db from '@adonisjs/lucid/services/db'
import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import Series, { SERIES, type SeriesFilters, type SeriesSort } from '#models/series'
import { isVisibleTo } from '#models/catalogue_scopes'
import SeriesTransformer, {
  type SeasonDetail,
  type SeriesDetail,
  type SeriesSummary,
} from '#transformers/series_transformer'
import { SERIES_CATALOGUE_TAG, seriesTag } from '#services/catalogue/series_cache'
import { type Page, type PageRequest } from '#services/http/pagination'
import { type Viewer } from '#services/http/viewer'
import { cachedCataloguePage, escapeLike } from '#services/catalogue/catalogue_pages'

type SeriesQuery = ModelQueryBuilderContract<typeof Series, Series>

export interface SeriesListRequest {
  filters: SeriesFilters
  sort: SeriesSort
  page: PageRequest
  /** Route path and raw query, for the page URLs of `meta`. */
  path: string
  query: Record<string, unknown>
}

/** Prior weight of the Bayesian average (as for movies). */
const TOP_RATED_PRIOR_VOTES = 25

interface CachedDetail {
  detail: SeriesDetail
  adult: boolean
  hidden: boolean
  certification: string | null
}

/**
 * The search relevance of series for a lower-cased term, as a subquery of
 * `(series_id, relevance)` rows; shared by /series/search and the mixed /search.
 */
export function seriesSearchMatches(q: string): { sql: string; bindings: string[] } {
  return {
    sql: `(
            SELECT series_id, max(score) AS relevance FROM (
              SELECT s.id AS series_id,
                     greatest(word_similarity(?, lower(s.name)), ts_rank(s.search_vector, plainto_tsquery('simple', ?))) + 0.5 AS score
                FROM series s
               WHERE lower(s.name) LIKE ? OR ? <% lower(s.name)
                  OR s.search_vector @@ plainto_tsquery('simple', ?)
              UNION ALL
              SELECT sg.series_id, 0.4 FROM series_genres sg JOIN genres g ON g.id = sg.genre_id
               WHERE lower(g.name) = ?
              UNION ALL
              SELECT sn.series_id, 0.35 FROM series_networks sn JOIN networks n ON n.id = sn.network_id
               WHERE lower(n.name) = ?
              UNION ALL
              SELECT c.series_id, 0.3 + 0.3 * word_similarity(?, lower(p.name)) FROM people p
                JOIN series_cast c ON c.person_id = p.id WHERE ? <% lower(p.name)
            ) candidates GROUP BY series_id
          )`,
    bindings: [q, q, `%${escapeLike(q)}%`, q, q, q, q, q, q],
  }
}

/**
 * Read side of the series catalogue: lists, search, charts, details and
 * seasons, cached in Redis by tag (series_cache.ts) and keyed by the
 * viewer's maturity class, like MovieCatalogueService.
 */
export default class SeriesCatalogueService {
  async list(request: SeriesListRequest, viewer: Viewer): Promise<Page<SeriesSummary>> {
    return this.cachedPage('series', request, viewer, (query) => {
      query.apply((scopes) => {
        scopes.filtered(request.filters)
        scopes.sorted(request.sort)
      })
    })
  }

  /** Name (typo-tolerant), genre name, network name or cast name; relevance unless a sort is given. */
  async search(term: string, request: SeriesListRequest & { explicitSort: boolean }, viewer: Viewer) {
    const q = term.toLowerCase()
    const matches = seriesSearchMatches(q)
    return this.cachedPage(`search:${q}`, request, viewer, (query) => {
      query
        .joinRaw(`JOIN ${matches.sql} AS search_matches ON search_matches.series_id = series.id`, matches.bindings)
        .apply((scopes) => scopes.filtered(request.filters))
      if (request.explicitSort) {
        query.apply((scopes) => scopes.sorted(request.sort))
      } else {
        query.orderBy('search_matches.relevance', 'desc').orderBy('series.popularity', 'desc').orderBy('series.id')
      }
    })
  }

  async trending(window: 'day' | 'week', request: SeriesListRequest, viewer: Viewer) {
    const column = window === 'day' ? 'series.trending_day' : 'series.trending_week'
    return this.cachedPage(`trending:${window}`, request, viewer, (query) => {
      query.orderBy(column, 'desc').orderBy('series.popularity', 'desc').orderBy('series.id')
    })
  }

  async popular(request: SeriesListRequest, viewer: Viewer) {
    return this.cachedPage('popular', request, viewer, (query) => {
      query.orderBy('series.popularity', 'desc').orderBy('series.rating_count', 'desc').orderBy('series.id')
    })
  }

  /**
   * Bayesian average of site ratings when the site has any for series;
   * until then TMDB's vote average weighted the same way by its vote count,
   * so the chart is never empty for a fresh catalogue.
   */
  async topRated(request: SeriesListRequest, viewer: Viewer) {
    return this.cachedPage('top-rated', request, viewer, async (query) => {
      const globalMean = await this.globalMeanRating()
      if (globalMean !== null) {
        query
          .where('series.rating_count', '>', 0)
          .orderByRaw('(series.rating_sum + ?::float8 * ?::float8) / (series.rating_count + ?::float8) DESC', [
            TOP_RATED_PRIOR_VOTES,
            globalMean,
            TOP_RATED_PRIOR_VOTES,
          ])
          .orderBy('series.rating_count', 'desc')
      } else {
        const tmdbMean = await this.tmdbMeanVote()
        query
          .where('series.vote_count', '>', 0)
          .orderByRaw(
            '(series.vote_average * series.vote_count + ?::float8 * ?::float8) / (series.vote_count + ?::float8) DESC',
            [TOP_RATED_PRIOR_VOTES, tmdbMean, TOP_RATED_PRIOR_VOTES]
          )
          .orderBy('series.vote_count', 'desc')
      }
      query.orderBy('series.id')
    })
  }

  /** SeriesDetail, or null when the show does not exist or the viewer may not see it. */
  async detail(seriesId: number, viewer: Viewer): Promise<SeriesDetail | null> {
    const cached = await cache.getOrSet<CachedDetail | null>({
      key: `series:${seriesId}:detail`,
      tags: [seriesTag(seriesId)],
      factory: () => this.loadDetail(seriesId),
    })
    return cached && isVisibleTo(cached, SERIES, viewer) ? cached.detail : null
  }

  /** One season with its episodes (from the cached detail), or null. */
  async season(seriesId: number, seasonNumber: number, viewer: Viewer): Promise<(SeasonDetail & { series_id: number }) | null> {
    const detail = await this.detail(seriesId, viewer)
    const season = detail?.seasons.find((candidate) => candidate.season_number === seasonNumber)
    return season ? { series_id: seriesId, ...season } : null
  }

  private async loadDetail(seriesId: number): Promise<CachedDetail | null> {
    const series = await Series.query()
      .where('id', seriesId)
      .preload('genres')
      .preload('networks')
      .preload('keywords')
      .preload('cast', (cast) => cast.preload('person').orderBy('order'))
      .preload('seasons', (seasons) =>
        seasons.orderBy('season_number').preload('episodes', (episodes) => episodes.orderBy('episode_number'))
      )
      .first()
    if (!series) return null
    return {
      detail: SeriesTransformer.detail(series),
      adult: series.adult,
      hidden: series.isHidden,
      certification: series.certification,
    }
  }

  /** Mean of all site ratings of series, or null when there are none yet. */
  private async globalMeanRating(): Promise<number | null> {
    const row = await db
      .from('series')
      .where('rating_count', '>', 0)
      .select(db.raw('sum(rating_sum) / nullif(sum(rating_count), 0) AS mean'))
      .first()
    return row?.mean === null || row?.mean === undefined ? null : Number(row.mean)
  }

  private async tmdbMeanVote(): Promise<number> {
    const row = await db
      .from('series')
      .where('vote_count', '>', 0)
      .select(db.raw('coalesce(sum(vote_average * vote_count) / nullif(sum(vote_count), 0), 7) AS mean'))
      .first()
    return Number(row?.mean ?? 7)
  }

  /** One cached page of visible series, built by `build` on a fresh query. */
  private cachedPage(
    name: string,
    request: SeriesListRequest,
    viewer: Viewer,
    /** Must not return the builder: awaiting a thenable would run the query. */
    build: (query: SeriesQuery) => void | Promise<void>
  ): Promise<Page<SeriesSummary>> {
    return cachedCataloguePage({
      key: ['series-list', name],
      tag: SERIES_CATALOGUE_TAG,
      request,
      viewer,
      table: 'series',
      newQuery: () => Series.query().apply((scopes) => scopes.visibleTo(viewer)),
      build,
      load: async (page) => (await page.preload('genres')).map((series) => SeriesTransformer.summary(series)),
    })
  }
}
