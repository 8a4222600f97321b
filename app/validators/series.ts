import vine from '@vinejs/vine'
import { paginationFields } from '#validators/pagination'
import { ratingValue } from '#validators/rating'

/**
 * Series sorts. The movie names `release_date` and `title` are accepted as
 * aliases of `first_air_date` and `name`, so one client query works on both.
 */
export const SERIES_SORTS = [
  'popularity',
  '-popularity',
  'first_air_date',
  '-first_air_date',
  'release_date',
  '-release_date',
  'name',
  'title',
  '-average_rating',
  '-vote_average',
] as const

/** Filters shared by /series and /series/search (the movie filters that apply to shows). */
const seriesFilterFields = {
  ...paginationFields,
  genre: vine
    .string()
    .maxLength(200)
    .regex(/^\d{1,9}(,\d{1,9})*$/)
    .transform((value) => value.split(',').map(Number))
    .optional(),
  genre_mode: vine.enum(['any', 'all'] as const).optional(),
  year: vine.number().withoutDecimals().range([1920, 2200]).optional(),
  first_air_year: vine.number().withoutDecimals().range([1920, 2200]).optional(),
  min_rating: vine.number().range([0, 5]).optional(),
  max_rating: vine.number().range([0, 5]).optional(),
  min_vote_average: vine.number().range([0, 10]).optional(),
  min_popularity: vine.number().min(0).optional(),
  language: vine
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z]{2,3}$/)
    .optional(),
  tmdb_id: vine.number().withoutDecimals().positive().max(2_147_483_647).optional(),
  imdb_id: vine
    .string()
    .trim()
    .regex(/^tt\d{7,10}$/)
    .optional(),
  in_production: vine.boolean().optional(),
  sort: vine.enum(SERIES_SORTS).optional(),
}

export const listSeriesValidator = vine.create(seriesFilterFields)

export const searchSeriesValidator = vine.create({
  ...seriesFilterFields,
  q: vine.string().trim().minLength(1).maxLength(200),
})

export const trendingSeriesValidator = vine.create({
  ...paginationFields,
  window: vine.enum(['day', 'week'] as const).optional(),
})

export const seriesListPageValidator = vine.create({ ...paginationFields })

/** PUT /series/:id/seasons/:number/episodes/:episode/rating: the MovieLens scale, no review. */
export const upsertEpisodeRatingValidator = vine.create({
  rating: ratingValue(),
})
