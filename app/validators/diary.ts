import vine from '@vinejs/vine'
import { DateTime } from 'luxon'
import { paginationFields } from '#validators/pagination'
import { ratingValue, REVIEW_MAX_LENGTH } from '#validators/rating'

/** A watch date: not before cinema existed, not after tomorrow (time zones). */
const watchedOn = () =>
  vine
    .date({ formats: ['YYYY-MM-DD'] })
    .afterOrEqual('1870-01-01')
    .beforeOrEqual(() => DateTime.utc().plus({ days: 1 }).toISODate()!)

export const createDiaryEntryValidator = vine.create({
  movie_id: vine.number().withoutDecimals().positive().max(2_147_483_647),
  watched_on: watchedOn(),
  rewatch: vine.boolean().optional(),
  rating: ratingValue().nullable().optional(),
  review: vine.string().trim().maxLength(REVIEW_MAX_LENGTH).nullable().optional(),
  contains_spoilers: vine.boolean().optional(),
})

export const updateDiaryEntryValidator = vine.create({
  watched_on: watchedOn().optional(),
  rewatch: vine.boolean().optional(),
  rating: ratingValue().nullable().optional(),
  review: vine.string().trim().maxLength(REVIEW_MAX_LENGTH).nullable().optional(),
  contains_spoilers: vine.boolean().optional(),
})

export const listDiaryValidator = vine.create({
  ...paginationFields,
  movie_id: vine.number().withoutDecimals().positive().max(2_147_483_647).optional(),
  year: vine.number().withoutDecimals().range([1870, 2200]).optional(),
  /** Issue 9: `movie` or `series` (episode entries); both when absent. */
  type: vine.enum(['movie', 'series'] as const).optional(),
  series_id: vine.number().withoutDecimals().positive().max(2_147_483_647).optional(),
})

/** POST /me/diary for an episode (issue 9): the show and the episode's numbers instead of `movie_id`. */
export const createEpisodeDiaryEntryValidator = vine.create({
  series_id: vine.number().withoutDecimals().positive().max(2_147_483_647),
  season_number: vine.number().withoutDecimals().range([0, 32_767]),
  episode_number: vine.number().withoutDecimals().range([0, 32_767]),
  watched_on: watchedOn(),
  rewatch: vine.boolean().optional(),
  rating: ratingValue().nullable().optional(),
  review: vine.string().trim().maxLength(REVIEW_MAX_LENGTH).nullable().optional(),
  contains_spoilers: vine.boolean().optional(),
})
