import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import RatingService from '#services/library/rating_service'
import { MOVIE_KIND } from '#services/catalogue/title_kinds'
import { pageRequest } from '#services/http/pagination'
import { listMyRatingsValidator, upsertMovieRatingValidator } from '#validators/rating'

@inject()
export default class RatingsController {
  constructor(protected ratings: RatingService) {}

  /** PUT /movies/:id/rating: 201 when created, 200 when it replaced the caller's rating. */
  async update({ auth, params, request, response }: HttpContext) {
    const input = await request.validateUsing(upsertMovieRatingValidator)
    const { created, rating } = await this.ratings.upsert(MOVIE_KIND, auth.getUserOrFail(), Number(params.id), {
      rating: input.rating,
      review: input.review,
      containsSpoilers: input.contains_spoilers,
      commentPolicy: input.comment_policy,
    })
    return response.status(created ? 201 : 200).json(rating)
  }

  async destroy({ auth, params, response }: HttpContext) {
    await this.ratings.destroy(MOVIE_KIND, auth.getUserOrFail(), Number(params.id))
    return response.noContent()
  }

  /** GET /me/ratings */
  async index({ auth, request }: HttpContext) {
    const input = await request.validateUsing(listMyRatingsValidator, { data: request.qs() })
    return this.ratings.listForUser(
      auth.getUserOrFail(),
      input.sort ?? '-rated_at',
      pageRequest(input),
      request.url(),
      request.qs()
    )
  }
}
