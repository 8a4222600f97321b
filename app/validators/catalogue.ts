import vine from '@vinejs/vine'
import { paginationFields } from '#validators/pagination'

/**
 * Query fields every catalogue list accepts (movies and series): paging,
 * genres, ratings, popularity, language and external ids. Each list adds
 * its own year fields and sorts.
 */
export const catalogueFilterFields = {
  ...paginationFields,
  genre: vine
    .string()
    .maxLength(200)
    .regex(/^\d{1,9}(,\d{1,9})*$/)
    .transform((value) => value.split(',').map(Number))
    .optional(),
  genre_mode: vine.enum(['any', 'all'] as const).optional(),
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
}

/** The search term of /movies/search and /series/search. */
export const searchTermField = vine.string().trim().minLength(1).maxLength(200)
