import vine from '@vinejs/vine'
import { paginationFields } from '#validators/pagination'
import { LIST_PRIVACIES, LIST_SORTS } from '#models/list'
import { commentPolicy } from '#validators/rating'

export const LIST_MAX_ITEMS = 1000

export const createListValidator = vine.create({
  title: vine.string().trim().minLength(1).maxLength(200),
  description: vine.string().trim().maxLength(5000).nullable().optional(),
  privacy: vine.enum(LIST_PRIVACIES),
  ranked: vine.boolean().optional(),
  /** Who may comment on it; `anyone` when absent. */
  comment_policy: commentPolicy(),
})

export const updateListValidator = vine.create({
  title: vine.string().trim().minLength(1).maxLength(200).optional(),
  description: vine.string().trim().maxLength(5000).nullable().optional(),
  privacy: vine.enum(LIST_PRIVACIES).optional(),
  ranked: vine.boolean().optional(),
  comment_policy: commentPolicy(),
  /** Invalidates the old link of a `link` list. */
  regenerate_share_token: vine.boolean().optional(),
})

export const listListsValidator = vine.create({
  ...paginationFields,
  user_id: vine.number().withoutDecimals().positive().max(2_147_483_647).optional(),
  sort: vine.enum(LIST_SORTS).optional(),
})

export const myListsValidator = vine.create({
  ...paginationFields,
  sort: vine.enum(LIST_SORTS).optional(),
})

/** `?share_token=` opens a `link` list to whoever holds it. */
export const showListValidator = vine.create({
  share_token: vine.string().maxLength(64).optional(),
})

export const upsertListItemValidator = vine.create({
  note: vine.string().trim().maxLength(2000).nullable().optional(),
  position: vine.number().withoutDecimals().min(1).max(LIST_MAX_ITEMS).optional(),
})
