import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import ReviewService from '#services/library/review_service'
import { SERIES_KIND } from '#services/catalogue/title_kinds'
import { pageRequest } from '#services/http/pagination'
import { listReviewsValidator } from '#validators/rating'

/** Series reviews and their likes (issue 9), as /movies/:id/reviews and /reviews/:id/like. */
@inject()
export default class SeriesReviewsController {
  constructor(protected reviews: ReviewService) {}

  /** GET /series/:id/reviews (public; `liked` with a token) */
  async index({ auth, params, request }: HttpContext) {
    const input = await request.validateUsing(listReviewsValidator, { data: request.qs() })
    return this.reviews.listForTitle(SERIES_KIND, Number(params.id), auth.user ?? null, {
      sort: input.sort ?? '-created_at',
      page: pageRequest(input),
      path: request.url(),
      query: request.qs(),
    })
  }

  async like({ auth, params, response }: HttpContext) {
    await this.reviews.like(SERIES_KIND, Number(params.id), auth.getUserOrFail())
    return response.noContent()
  }

  async unlike({ auth, params, response }: HttpContext) {
    await this.reviews.unlike(SERIES_KIND, Number(params.id), auth.getUserOrFail())
    return response.noContent()
  }
}
