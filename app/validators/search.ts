import vine from '@vinejs/vine'
import { catalogueFilterFields, searchTermField } from '#validators/catalogue'

// External ids are per kind on TMDB (a movie and a show can share a number): not mixed-search filters.
const { tmdb_id: _tmdbId, imdb_id: _imdbId, ...sharedFilterFields } = catalogueFilterFields

/** GET /search: movies and series together (issue 9), or people (`type=person`, issue 15). */
export const mixedSearchValidator = vine.create({
  ...sharedFilterFields,
  q: searchTermField,
  type: vine.enum(['movie', 'series', 'person'] as const).optional(),
  /** Release year of a movie, first-air year of a show. */
  year: vine.number().withoutDecimals().range([1870, 2200]).optional(),
})
