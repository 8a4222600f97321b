import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import ApiException from '#exceptions/api_exception'
import MovieCatalogueService from '#services/catalogue/movie_catalogue_service'
import WatchProviderService from '#services/catalogue/watch_provider_service'
import StreamingServicesService from '#services/library/streaming_services'
import { viewerFor } from '#services/http/viewer'
import { watchProvidersQueryValidator } from '#validators/watch_providers'

/**
 * Where to watch: GET /movies/:id/watch-providers and GET /watch-providers.
 * The region defaults to the caller's `/me/services` region, else US.
 */
@inject()
export default class WatchProvidersController {
  constructor(
    protected catalogue: MovieCatalogueService,
    protected watchProviders: WatchProviderService,
    protected streamingServices: StreamingServicesService
  ) {}

  async movie(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(watchProvidersQueryValidator, { data: ctx.request.qs() })
    const movieId = Number(ctx.params.id)
    // A hidden (or, for this viewer, adult) movie does not exist here either.
    if (!(await this.catalogue.visibleDetail(movieId, viewerFor(ctx.auth.user)))) {
      throw ApiException.notFound('Movie not found')
    }
    const region = input.region ?? (await this.streamingServices.regionOf(ctx.auth.user?.id))
    return this.watchProviders.movieOffers(movieId, region)
  }

  async index(ctx: HttpContext) {
    const input = await ctx.request.validateUsing(watchProvidersQueryValidator, { data: ctx.request.qs() })
    const region = input.region ?? (await this.streamingServices.regionOf(ctx.auth.user?.id))
    return { data: await this.watchProviders.regionProviders(region) }
  }
}
