import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import RecommendationService from '#services/recommender/recommendation_service'
import SeriesRecommendationService from '#services/recommender/series_recommendations'
import { movieRecommendationsValidator, recommendationsValidator } from '#validators/recommendation'
import { sendJson } from '#middleware/http_cache_middleware'

/** Default list lengths: the contract's "10 most similar". */
const DEFAULT_LIMIT = 10

/**
 * /me/recommendations (+ hidden movies) and the per-movie lists
 * /movies/:id/similar and /movies/:id/recommendations.
 */
@inject()
export default class RecommendationsController {
  constructor(
    protected recommendations: RecommendationService,
    protected seriesRecommendations: SeriesRecommendationService
  ) {}

  /** `?type=series`: series picks (issue 9); otherwise the movie list, unchanged. */
  async index({ auth, request, response }: HttpContext) {
    const input = await request.validateUsing(recommendationsValidator, { data: request.qs() })
    if (input.type === 'series') {
      const data = await this.seriesRecommendations.forUser(auth.getUserOrFail(), {
        limit: input.limit ?? DEFAULT_LIMIT,
        includeWatchlist: input.include_watchlist ?? false,
      })
      return { data }
    }
    const body = await this.recommendations.forUserJson(auth.getUserOrFail(), {
      model: input.model ?? 'for_you',
      limit: input.limit ?? DEFAULT_LIMIT,
      includeWatchlist: input.include_watchlist ?? false,
    })
    return sendJson(response, body)
  }

  /** PUT: 201 hidden now, 200 already hidden. */
  async hide({ auth, params, response }: HttpContext) {
    const { created, hidden } = await this.recommendations.hide(auth.getUserOrFail(), Number(params.movie_id))
    return response.status(created ? 201 : 200).json(hidden)
  }

  async unhide({ auth, params, response }: HttpContext) {
    await this.recommendations.unhide(auth.getUserOrFail(), Number(params.movie_id))
    return response.noContent()
  }

  async similar({ auth, params, request }: HttpContext) {
    const input = await request.validateUsing(movieRecommendationsValidator, { data: request.qs() })
    const data = await this.recommendations.similar(Number(params.id), auth.user ?? null, input.limit ?? DEFAULT_LIMIT)
    return { data }
  }

  async movie({ auth, params, request }: HttpContext) {
    const input = await request.validateUsing(movieRecommendationsValidator, { data: request.qs() })
    const data = await this.recommendations.alsoLiked(Number(params.id), auth.user ?? null, input.limit ?? DEFAULT_LIMIT)
    return { data }
  }
}
