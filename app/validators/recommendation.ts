import vine from '@vinejs/vine'
import { LIST_MODELS } from '#services/recommender/ranker'

/** GET /me/recommendations */
export const recommendationsValidator = vine.create({
  model: vine.enum(LIST_MODELS).optional(),
  limit: vine.number().withoutDecimals().range([1, 50]).optional(),
  include_watchlist: vine.boolean().optional(),
  /** Issue 9: `series` lists series picks; `movie` (or absent) is the movie list. */
  type: vine.enum(['movie', 'series'] as const).optional(),
})

/** GET /movies/:id/similar and /movies/:id/recommendations */
export const movieRecommendationsValidator = vine.create({
  limit: vine.number().withoutDecimals().range([1, 50]).optional(),
})
