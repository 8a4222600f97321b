import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import RatingService from '#services/library/rating_service'
import SeriesRatingService from '#services/library/series_rating_service'
import { SERIES_KIND } from '#services/catalogue/title_kinds'
import { upsertRatingValidator } from '#validators/rating'
import { upsertEpisodeRatingValidator } from '#validators/series'

/** Ratings of series and episodes (issue 9): 201 created, 200 replaced, DELETE 204 or 404. */
@inject()
export default class SeriesRatingsController {
  constructor(
    protected ratings: RatingService,
    protected episodeRatings: SeriesRatingService
  ) {}

  async update({ auth, params, request, response }: HttpContext) {
    const input = await request.validateUsing(upsertRatingValidator)
    const { created, rating } = await this.ratings.upsert(SERIES_KIND, auth.getUserOrFail(), Number(params.id), {
      rating: input.rating,
      review: input.review,
      containsSpoilers: input.contains_spoilers,
    })
    return response.status(created ? 201 : 200).json(rating)
  }

  async destroy({ auth, params, response }: HttpContext) {
    await this.ratings.destroy(SERIES_KIND, auth.getUserOrFail(), Number(params.id))
    return response.noContent()
  }

  async updateEpisode({ auth, params, request, response }: HttpContext) {
    const input = await request.validateUsing(upsertEpisodeRatingValidator)
    const { created, rating } = await this.episodeRatings.upsertEpisode(
      auth.getUserOrFail(),
      Number(params.id),
      Number(params.number),
      Number(params.episode),
      input.rating
    )
    return response.status(created ? 201 : 200).json(rating)
  }

  async destroyEpisode({ auth, params, response }: HttpContext) {
    await this.episodeRatings.destroyEpisode(
      auth.getUserOrFail(),
      Number(params.id),
      Number(params.number),
      Number(params.episode)
    )
    return response.noContent()
  }
}
