import vine from '@vinejs/vine'
import { paginationFields } from '#validators/pagination'

export const COLLECTION_SORTS = ['-added_at', 'added_at', 'title'] as const

/** `?type=movie|series` where both kinds appear (issue 9); both when absent. */
export const titleKindField = vine.enum(['movie', 'series'] as const).optional()

export const listWatchlistValidator = vine.create({
  ...paginationFields,
  watched: vine.boolean().optional(),
  sort: vine.enum(COLLECTION_SORTS).optional(),
  type: titleKindField,
})

export const listFavoritesValidator = vine.create({
  ...paginationFields,
  sort: vine.enum(COLLECTION_SORTS).optional(),
  type: titleKindField,
})

/** GET /me/watchlist/series: the series-only view of /me/watchlist. */
export const listSeriesWatchlistValidator = vine.create({
  ...paginationFields,
  watched: vine.boolean().optional(),
  sort: vine.enum(COLLECTION_SORTS).optional(),
})

export const updateWatchlistItemValidator = vine.create({
  watched: vine.boolean(),
})

export const historyValidator = vine.create({ ...paginationFields })
