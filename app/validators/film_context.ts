import vine from '@vinejs/vine'
import { paginationFields } from '#validators/pagination'

/*
| Film statistics, where a film is listed, its tags, and the caller's
| calendar (API.md "Beyond the seeds").
*/

export const MOVIE_TAGS_MAX = 20
export const MOVIE_TAG_MAX_LENGTH = 40
/** The widest calendar window, in days between `from` and `to`. */
export const CALENDAR_MAX_DAYS = 90
/** The calendar's default window: today and the next 30 days. */
export const CALENDAR_DEFAULT_DAYS = 30

/** GET /movies/:id/lists and /movies/:id/tags. */
export const movieContextPageValidator = vine.create({ ...paginationFields })

/** PUT /me/movies/:id/tags: the caller's whole set of tags for the movie (case-insensitive duplicates collapse). */
export const setMovieTagsValidator = vine.create({
  tags: vine
    .array(vine.string().trim().minLength(1).maxLength(MOVIE_TAG_MAX_LENGTH))
    .maxLength(MOVIE_TAGS_MAX),
})

/** GET /me/calendar?from=&to= (YYYY-MM-DD); the order and the span are checked by the calendar service. */
export const calendarValidator = vine.create({
  ...paginationFields,
  from: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
  to: vine.date({ formats: ['YYYY-MM-DD'] }).optional(),
})
