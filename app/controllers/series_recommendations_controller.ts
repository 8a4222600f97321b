import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import SeriesRecommendationService from '#services/recommender/series_recommendations'
import { movieRecommendationsValidator } from '#validators/recommendation'

/** The contract's "10 most similar", as for movies. */
const DEFAULT_LIMIT = 10

/** Series counterparts of the per-movie lists and "not interested" (issue 9). */
@inject()
export default class SeriesRecommendationsController {
  constructor(protected recommendations: SeriesRecommendationService) {}

  /** GET /series/:id/similar (public; the caller's known and hidden shows left out with a token) */
  async similar({ auth, params, request }: HttpContext) {
    const input = await request.validateUsing(movieRecommendationsValidator, { data: request.qs() })
    const data = await this.recommendations.similar(Number(params.id), auth.user ?? null, input.limit ?? DEFAULT_LIMIT)
    return { data }
  }

  /** PUT: 201 hidden now, 200 already hidden (as for movies). */
  async hide({ auth, params, response }: HttpContext) {
    const { created, hidden } = await this.recommendations.hide(auth.getUserOrFail(), Number(params.series_id))
    return response.status(created ? 201 : 200).json(hidden)
  }

  async unhide({ auth, params, response }: HttpContext) {
    await this.recommendations.unhide(auth.getUserOrFail(), Number(params.series_id))
    return response.noContent()
  }
}
