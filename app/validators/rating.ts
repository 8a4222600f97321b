import vine from '@vinejs/vine'
import { paginationFields } from '#validators/pagination'
import { COMMENT_POLICIES } from '#models/comment'

/** 0.5–5.0 in steps of 0.5 (the MovieLens scale). */
export const RATING_VALUES = Array.from({ length: 10 }, (_, index) => (index + 1) / 2)

/** A rating value: the range first, so 0 and 5.5 say "range", 3.7 says "in". */
export const ratingValue = () => vine.number().range([0.5, 5]).in(RATING_VALUES)

export const REVIEW_MAX_LENGTH = 10_000

/** Who may comment on a review or a list (`anyone`, `friends`, `none`); absent keeps it. */
export const commentPolicy = () => vine.enum(COMMENT_POLICIES).optional()

const ratingFields = {
  rating: ratingValue(),
  review: vine.string().trim().maxLength(REVIEW_MAX_LENGTH).nullable().optional(),
  contains_spoilers: vine.boolean().optional(),
}

/**
 * PUT /series/:id/rating. `review` absent keeps the current text, `null` (or
 * an empty string) removes it; `contains_spoilers` absent keeps the flag.
 */
export const upsertRatingValidator = vine.create(ratingFields)

/**
 * PUT /movies/:id/rating: as a series rating, and a movie review can be
 * discussed (GET/POST /reviews/:id/comments), so `comment_policy` says who
 * may comment on it (absent keeps it; a new rating starts at `anyone`).
 */
export const upsertMovieRatingValidator = vine.create({ ...ratingFields, comment_policy: commentPolicy() })

export const RATING_SORTS = ['-rated_at', 'rated_at', '-user_rating', 'user_rating'] as const

export const listMyRatingsValidator = vine.create({
  ...paginationFields,
  sort: vine.enum(RATING_SORTS).optional(),
})

export const REVIEW_SORTS = ['-created_at', 'created_at', '-likes', '-rating', 'rating'] as const

export const listReviewsValidator = vine.create({
  ...paginationFields,
  sort: vine.enum(REVIEW_SORTS).optional(),
})
