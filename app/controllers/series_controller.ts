import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import type { SeriesFilters, SeriesSort } from '#models/series'
import ApiException from '#exceptions/api_exception'
import SeriesCatalogueService, { type SeriesListRequest } from '#services/catalogue/series_catalogue_service'
import SeriesRatingService from '#services/library/series_rating_service'
import type { SeasonDetail, SeriesSummary } from '#transformers/series_transformer'
import { pageRequest, type Page } from '#services/http/pagination'
import { viewerFor } from '#services/http/viewer'
import {
  listSeriesValidator,
  searchSeriesValidator,
  seriesListPageValidator,
  trendingSeriesValidator,
  type SERIES_SORTS,
} from '#validators/series'

type FilterInput = Awaited<ReturnType<typeof listSeriesValidator.validate>>

/** Movie sort names map onto their series counterparts. */
const SORT_ALIASES: Partial<Record<(typeof SERIES_SORTS)[number], SeriesSort>> = {
  'release_date': 'first_air_date',
  '-release_date': '-first_air_date',
  'title': 'name',
}

function toFilters(input: FilterInput): SeriesFilters {
  return {
    genre: input.genre,
    genreMode: input.genre_mode,
    year: input.year ?? input.first_air_year,
    minRating: input.min_rating,
    maxRating: input.max_rating,
    minVoteAverage: input.min_vote_average,
    minPopularity: input.min_popularity,
    language: input.language,
    tmdbId: input.tmdb_id,
    imdbId: input.imdb_id,
    inProduction: input.in_production,
  }
}

function toSort(sort: FilterInput['sort']): SeriesSort | undefined {
  if (sort === undefined) return undefined
  return SORT_ALIASES[sort] ?? (sort as SeriesSort)
}

/** Adds the caller's `user_rating` (or null) to each episode of a season. */
function withEpisodeRatings<S extends SeasonDetail>(season: S, ratings: Map<number, number>) {
  return {
    ...season,
    episodes: season.episodes.map((episode) => ({ ...episode, user_rating: ratings.get(episode.id) ?? null })),
  }
}

/** The series catalogue (issue 9): public, with the viewer's maturity filter. */
@inject()
export default class SeriesController {
  constructor(
    protected catalogue: SeriesCatalogueService,
    protected ratings: SeriesRatingService
  ) {}

  async index(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(listSeriesValidator, { data: ctx.request.qs() })
    return this.withViewerFields(ctx, await this.catalogue.list(this.listRequest(ctx, input), viewerFor(ctx.auth.user)))
  }

  async search(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(searchSeriesValidator, { data: ctx.request.qs() })
    const page = await this.catalogue.search(
      input.q,
      { ...this.listRequest(ctx, input), explicitSort: input.sort !== undefined },
      viewerFor(ctx.auth.user)
    )
    return this.withViewerFields(ctx, page)
  }

  async trending(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(trendingSeriesValidator, { data: ctx.request.qs() })
    const page = await this.catalogue.trending(input.window ?? 'week', this.chartRequest(ctx, input), viewerFor(ctx.auth.user))
    return this.withViewerFields(ctx, page)
  }

  async popular(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(seriesListPageValidator, { data: ctx.request.qs() })
    return this.withViewerFields(ctx, await this.catalogue.popular(this.chartRequest(ctx, input), viewerFor(ctx.auth.user)))
  }

  async topRated(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(seriesListPageValidator, { data: ctx.request.qs() })
    return this.withViewerFields(ctx, await this.catalogue.topRated(this.chartRequest(ctx, input), viewerFor(ctx.auth.user)))
  }

  async show(ctx: HttpContext) {
    const user = ctx.auth.user
    const detail = await this.catalogue.detail(Number(ctx.params.id), viewerFor(user))
    if (!detail) throw ApiException.notFound('Series not found')
    if (!user) return detail
    // Per-user fields go on top of the shared cached detail.
    const [mine, [withFields]] = await Promise.all([
      this.ratings.viewerRatings(user.id, detail.id),
      this.ratings.withViewerFields(user.id, [detail]),
    ])
    return {
      ...withFields,
      user_rating: mine.series,
      seasons: detail.seasons.map((season) => withEpisodeRatings(season, mine.episodes)),
    }
  }

  async season(ctx: HttpContext) {
    const seriesId = Number(ctx.params.id)
    const viewer = viewerFor(ctx.auth.user)
    const season = await this.catalogue.season(seriesId, Number(ctx.params.number), viewer)
    if (season && ctx.auth.user) {
      const mine = await this.ratings.viewerRatings(ctx.auth.user.id, seriesId)
      return withEpisodeRatings(season, mine.episodes)
    }
    if (season) return season
    // Say which of the two is unknown.
    const series = await this.catalogue.detail(seriesId, viewer)
    throw ApiException.notFound(series ? 'Season not found' : 'Series not found')
  }

  /** Per-user fields (user_rating, in_watchlist) on top of the shared cached page. */
  private async withViewerFields(ctx: HttpContext, page: Page<SeriesSummary>) {
    const user = ctx.auth.user
    if (!user) return page
    return { data: await this.ratings.withViewerFields(user.id, page.data), meta: page.meta }
  }

  private listRequest(ctx: HttpContext, input: FilterInput): SeriesListRequest {
    return {
      filters: toFilters(input),
      sort: toSort(input.sort) ?? '-popularity',
      page: pageRequest(input),
      path: ctx.request.url(),
      query: ctx.request.qs(),
    }
  }

  private chartRequest(ctx: HttpContext, input: { page?: number; per_page?: number }): SeriesListRequest {
    return {
      filters: {},
      sort: '-popularity',
      page: pageRequest(input),
      path: ctx.request.url(),
      query: ctx.request.qs(),
    }
  }
}
