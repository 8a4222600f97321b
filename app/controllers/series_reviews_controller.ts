import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import SeriesReviewService from '#services/library/series_review_service'
import { pageRequest } from '#services/http/pagination'
import { listReviewsValidator } from '#validators/rating'

/** Series reviews and their likes (issue 9), as /movies/:id/reviews and /reviews/:id/like. */
@inject()
export default class SeriesReviewsController {
  constructor(protected reviews: SeriesReviewService) {}

  /** GET /series/:id/reviews (public; `liked` with a token) */
  async index({ auth, params, request }: HttpContext) {
    const input = await request.validateUsing(listReviewsValidator, { data: request.qs() })
    return this.reviews.listForSeries(Number(params.id), auth.user ?? null, {
      sort: input.sort ?? '-created_at',
      page: pageRequest(input),
      path: request.url(),
      query: request.qs(),
    })
  }

  async like({ auth, params, response }: HttpContext) {
    await this.reviews.like(Number(params.id), auth.getUserOrFail())
    return response.noContent()
  }

  async unlike({ auth, params, response }: HttpContext) {
    await this.reviews.unlike(Number(params.id), auth.getUserOrFail())
    return response.noContent()
  }
}
