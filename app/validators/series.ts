import vine from '@vinejs/vine'
import { paginationFields } from '#validators/pagination'
import { catalogueFilterFields, searchTermField } from '#validators/catalogue'
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

/** Filters of /series and /series/search (the movie filters that apply to shows). */
const seriesFilterFields = {
  ...catalogueFilterFields,
  year: vine.number().withoutDecimals().range([1920, 2200]).optional(),
  first_air_year: vine.number().withoutDecimals().range([1920, 2200]).optional(),
  in_production: vine.boolean().optional(),
  sort: vine.enum(SERIES_SORTS).optional(),
}

export const listSeriesValidator = vine.create(seriesFilterFields)

export const searchSeriesValidator = vine.create({
  ...seriesFilterFields,
  q: searchTermField,
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
