import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import MovieStatsService from '#services/catalogue/movie_stats_service'
import ListService from '#services/lists/list_service'
import { pageRequest } from '#services/http/pagination'
import { movieContextPageValidator } from '#validators/film_context'

/**
 * A film in context (API.md "Film statistics and where a film is listed"):
 * its stats, the public lists holding it and its user tags. Public; a movie
 * the caller may not see is a 404.
 */
@inject()
export default class MovieContextController {
  constructor(
    protected movieStats: MovieStatsService,
    protected listService: ListService
  ) {}

  /** GET /movies/:id/stats */
  async stats({ auth, params }: HttpContext) {
    return this.movieStats.stats(Number(params.id), auth.user ?? null)
  }

  /** GET /movies/:id/lists */
  async lists({ auth, params, request }: HttpContext) {
    const input = await request.validateUsing(movieContextPageValidator, { data: request.qs() })
    return this.listService.containingMovie(Number(params.id), auth.user ?? null, {
      page: pageRequest(input),
      path: request.url(),
      query: request.qs(),
    })
  }

  /** GET /movies/:id/tags */
  async tags({ auth, params, request }: HttpContext) {
    const input = await request.validateUsing(movieContextPageValidator, { data: request.qs() })
    return this.movieStats.tags(Number(params.id), auth.user ?? null, pageRequest(input), request.url(), request.qs())
  }
}
