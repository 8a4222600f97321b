import vine from '@vinejs/vine'
import { paginationFields } from '#validators/pagination'

export const COLLECTION_SORTS = ['-added_at', 'added_at', 'title'] as const

export const listWatchlistValidator = vine.create({
  ...paginationFields,
  watched: vine.boolean().optional(),
  sort: vine.enum(COLLECTION_SORTS).optional(),
})

export const listFavoritesValidator = vine.create({
  ...paginationFields,
  sort: vine.enum(COLLECTION_SORTS).optional(),
})

export const updateWatchlistItemValidator = vine.create({
  watched: vine.boolean(),
})

export const historyValidator = vine.create({ ...paginationFields })
