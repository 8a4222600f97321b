import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import type { MovieFilters, MovieSort } from '#models/movie'
import ApiException from '#exceptions/api_exception'
import MovieCatalogueService, { type ListRequest } from '#services/catalogue/movie_catalogue_service'
import MovieAdminService from '#services/admin/movie_admin_service'
import ViewerStateService, { ANONYMOUS_DETAIL_TAIL } from '#services/library/viewer_state_service'
import { userState } from '#services/library/user_state_cache'
import { sendJson } from '#middleware/http_cache_middleware'
import ViewHistoryService from '#services/library/view_history_service'
import RecommendationService from '#services/recommender/recommendation_service'
import { pageRequest, type Page } from '#services/http/pagination'
import { staffViewerFor, viewerFor } from '#services/http/viewer'
import StreamingServicesService, { DEFAULT_WATCH_REGION } from '#services/library/streaming_services'
import { authFailure } from '#auth/guards/jwt_guard'
import MovieTransformer, { type MovieSummary } from '#transformers/movie_transformer'
import {
  createMovieValidator,
  importMovieValidator,
  listMoviesValidator,
  movieListPageValidator,
  searchMoviesValidator,
  trendingMoviesValidator,
} from '#validators/movie'

type FilterInput = Omit<Awaited<ReturnType<typeof searchMoviesValidator.validate>>, 'q'>
type ListInput = Awaited<ReturnType<typeof listMoviesValidator.validate>>

function toFilters(input: FilterInput): MovieFilters {
  return {
    genre: input.genre,
    genreMode: input.genre_mode,
    year: input.year ?? input.release_year,
    minRating: input.min_rating,
    maxRating: input.max_rating,
    minVoteAverage: input.min_vote_average,
    minPopularity: input.min_popularity,
    language: input.language,
    tmdbId: input.tmdb_id,
    imdbId: input.imdb_id,
  }
}

@inject()
export default class MoviesController {
  constructor(
    protected catalogue: MovieCatalogueService,
    protected viewerState: ViewerStateService,
    protected admin: MovieAdminService,
    protected recommendations: RecommendationService,
    protected streamingServices: StreamingServicesService
  ) {}

  async index(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(listMoviesValidator, { data: ctx.request.qs() })
    const request = this.listRequest(ctx, input, input.sort)
    if (input.available_on !== undefined) request.filters.availableOn = await this.availableOn(ctx, input)
    const page = await this.catalogue.list(request, viewerFor(ctx.auth.user))
    return this.withViewerFields(ctx, page)
  }

  /**
   * `available_on`: provider ids in `region` (default US), or `mine`, the
   * caller's services in their region (a token is required: 401 without).
   * Either way the filter is plain ids and a region, so the shared page
   * cache is keyed by them and never holds one user's services for another.
   */
  private async availableOn(ctx: HttpContext, input: ListInput) {
    if (input.available_on !== 'mine') {
      const ids = [...new Set(input.available_on!.split(',').map(Number))].sort((a, b) => a - b)
      return { providerIds: ids, region: input.region ?? DEFAULT_WATCH_REGION }
    }
    if (!ctx.auth.user) {
      try {
        await ctx.auth.authenticateUsing()
      } catch (error) {
        throw authFailure(ctx) ?? error
      }
    }
    const services = await this.streamingServices.of(ctx.auth.getUserOrFail().id)
    return { providerIds: services.providerIds, region: services.region }
  }

  async search(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(searchMoviesValidator, { data: ctx.request.qs() })
    const page = await this.catalogue.search(
      input.q,
      { ...this.listRequest(ctx, input, input.sort), explicitSort: input.sort !== undefined },
      viewerFor(ctx.auth.user)
    )
    return this.withViewerFields(ctx, page)
  }

  async trending(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(trendingMoviesValidator, { data: ctx.request.qs() })
    const page = await this.catalogue.trending(
      input.window ?? 'week',
      this.chartRequest(ctx, input),
      viewerFor(ctx.auth.user)
    )
    return this.withViewerFields(ctx, page)
  }

  async popular(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(movieListPageValidator, { data: ctx.request.qs() })
    const page = await this.catalogue.popular(this.chartRequest(ctx, input), viewerFor(ctx.auth.user))
    return this.withViewerFields(ctx, page)
  }

  async topRated(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(movieListPageValidator, { data: ctx.request.qs() })
    const page = await this.catalogue.topRated(this.chartRequest(ctx, input), viewerFor(ctx.auth.user))
    return this.withViewerFields(ctx, page)
  }

  async upcoming(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(movieListPageValidator, { data: ctx.request.qs() })
    const page = await this.catalogue.upcoming(this.chartRequest(ctx, input), viewerFor(ctx.auth.user))
    return this.withViewerFields(ctx, page)
  }

  async show(ctx: HttpContext) {
    const movieId = Number(ctx.params.id)
    const user = ctx.auth.user
    // The shared detail's JSON plus the viewer's fields: nothing is serialised per request.
    const entry = await this.catalogue.visibleDetail(movieId, viewerFor(user))
    if (!entry) throw ApiException.notFound('Movie not found')
    if (!user) return sendJson(ctx.response, entry.head + ANONYMOUS_DETAIL_TAIL)

    // Fire and forget (a Redis push; written in batches by a job).
    ViewHistoryService.record(user.id, movieId)
    const state = await userState(user.id)
    // Null until a recommender model is trained (or for a movie newer than it).
    const predictedRating = await this.recommendations.predictedRating(state, movieId)
    return sendJson(ctx.response, entry.head + this.viewerState.detailTail(state, movieId, predictedRating))
  }

  async store(ctx: HttpContext) {
    await ctx.bouncer.with('MoviePolicy').authorize('manage')
    const body = ctx.request.body()
    if (body.title !== undefined || body.release_date !== undefined) {
      const input = await ctx.request.validateUsing(createMovieValidator)
      const movie = await this.admin.createManual(input)
      // An adult title stays visible to the moderator who created it.
      const detail = await this.catalogue.detail(movie.id, staffViewerFor(ctx.auth.getUserOrFail()))
      return ctx.response.created({ ...detail, watched: false, predicted_rating: null })
    }
    const { tmdb_id: tmdbId } = await ctx.request.validateUsing(importMovieValidator)
    return ctx.response.accepted(MovieTransformer.importQueued(await this.admin.queueImport(tmdbId)))
  }

  private listRequest(ctx: HttpContext, input: FilterInput, sort: MovieSort | undefined): ListRequest {
    return {
      filters: toFilters(input),
      sort: sort ?? '-popularity',
      page: pageRequest(input),
      path: ctx.request.url(),
      query: ctx.request.qs(),
    }
  }

  private chartRequest(ctx: HttpContext, input: { page?: number; per_page?: number }): ListRequest {
    return {
      filters: {},
      sort: '-popularity',
      page: pageRequest(input),
      path: ctx.request.url(),
      query: ctx.request.qs(),
    }
  }

  private async withViewerFields(ctx: HttpContext, page: Page<MovieSummary>) {
    const user = ctx.auth.user
    if (!user) return page
    return { data: await this.viewerState.withViewerFields(user.id, page.data), meta: page.meta }
  }
}
