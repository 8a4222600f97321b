import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import ReviewService from '#services/library/review_service'
import { MOVIE_KIND } from '#services/catalogue/title_kinds'
import { pageRequest } from '#services/http/pagination'
import { listReviewsValidator } from '#validators/rating'

@inject()
export default class ReviewsController {
  constructor(protected reviews: ReviewService) {}

  /** GET /movies/:id/reviews (public; `liked` with a token) */
  async movieIndex({ auth, params, request }: HttpContext) {
    const input = await request.validateUsing(listReviewsValidator, { data: request.qs() })
    return this.reviews.listForTitle(MOVIE_KIND, Number(params.id), auth.user ?? null, {
      sort: input.sort ?? '-created_at',
      page: pageRequest(input),
      path: request.url(),
      query: request.qs(),
    })
  }

  /** GET /me/reviews */
  async mine({ auth, request }: HttpContext) {
    const input = await request.validateUsing(listReviewsValidator, { data: request.qs() })
    return this.reviews.listForUser(auth.getUserOrFail(), {
      sort: input.sort ?? '-created_at',
      page: pageRequest(input),
      path: request.url(),
      query: request.qs(),
    })
  }

  async like({ auth, params, response }: HttpContext) {
    await this.reviews.like(MOVIE_KIND, Number(params.id), auth.getUserOrFail())
    return response.noContent()
  }

  async unlike({ auth, params, response }: HttpContext) {
    await this.reviews.unlike(MOVIE_KIND, Number(params.id), auth.getUserOrFail())
    return response.noContent()
  }
}
