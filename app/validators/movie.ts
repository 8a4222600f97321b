import vine from '@vinejs/vine'
import { paginationFields } from '#validators/pagination'
import { catalogueFilterFields, searchTermField } from '#validators/catalogue'
import { regionRule } from '#validators/watch_providers'

export const MOVIE_SORTS = [
  'popularity',
  '-popularity',
  'release_date',
  '-release_date',
  'title',
  '-average_rating',
  '-vote_average',
] as const

/** Filters of /movies and /movies/search. */
const movieFilterFields = {
  ...catalogueFilterFields,
  year: vine.number().withoutDecimals().range([1870, 2200]).optional(),
  release_year: vine.number().withoutDecimals().range([1870, 2200]).optional(),
  sort: vine.enum(MOVIE_SORTS).optional(),
}

/**
 * /movies also filters by where a movie can be watched: `available_on`
 * (provider ids, comma separated, or `mine`: the caller's services and
 * region) in `region` (default US; ignored with `mine`).
 */
export const listMoviesValidator = vine.create({
  ...movieFilterFields,
  available_on: vine
    .string()
    .maxLength(200)
    .regex(/^(mine|\d{1,9}(,\d{1,9})*)$/)
    .optional(),
  region: regionRule().optional(),
})

export const searchMoviesValidator = vine.create({
  ...movieFilterFields,
  q: searchTermField,
})

export const trendingMoviesValidator = vine.create({
  ...paginationFields,
  window: vine.enum(['day', 'week'] as const).optional(),
})

export const movieListPageValidator = vine.create({ ...paginationFields })

/**
 * POST /movies: `{tmdb_id}` alone queues a TMDB import; `title` +
 * `release_date` (and optional details) creates the movie by hand.
 */
export const importMovieValidator = vine.create({
  tmdb_id: vine.number().withoutDecimals().positive().max(2_147_483_647),
})

export const createMovieValidator = vine.create({
  title: vine.string().trim().minLength(1).maxLength(500),
  release_date: vine.date({ formats: ['YYYY-MM-DD'] }),
  tmdb_id: vine.number().withoutDecimals().positive().max(2_147_483_647).optional(),
  imdb_id: vine
    .string()
    .trim()
    .regex(/^tt\d{7,10}$/)
    .optional(),
  original_title: vine.string().trim().maxLength(500).optional(),
  overview: vine.string().trim().maxLength(5000).optional(),
  tagline: vine.string().trim().maxLength(1000).optional(),
  runtime: vine.number().withoutDecimals().range([1, 1000]).optional(),
  adult: vine.boolean().optional(),
  original_language: vine
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z]{2,3}$/)
    .optional(),
  status: vine.string().trim().maxLength(32).optional(),
  budget: vine.number().withoutDecimals().min(0).optional(),
  revenue: vine.number().withoutDecimals().min(0).optional(),
  homepage: vine.string().trim().url().maxLength(1000).optional(),
  genre_ids: vine.array(vine.number().withoutDecimals().positive()).maxLength(20).distinct().optional(),
})
