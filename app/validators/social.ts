import vine from '@vinejs/vine'
import { paginationFields } from '#validators/pagination'

/** GET /users?search= (at least 2 characters). */
export const searchUsersValidator = vine.create({
  search: vine.string().trim().minLength(2).maxLength(100),
  ...paginationFields,
})

export const socialPageValidator = vine.create({ ...paginationFields })

export const friendRequestsValidator = vine.create({
  direction: vine.enum(['incoming', 'outgoing'] as const).optional(),
  ...paginationFields,
})

/** GET /me/feed: `before` is the `next_cursor` of the previous page. */
export const feedValidator = vine.create({
  before: vine.string().trim().minLength(1).maxLength(200).optional(),
  limit: vine.number().withoutDecimals().range([1, 100]).optional(),
})

export const notificationsValidator = vine.create({
  unread_only: vine.boolean().optional(),
  ...paginationFields,
})

/** `{ids: [...]}` or `{all: true}`. */
export const markNotificationsReadValidator = vine.create({
  ids: vine.array(vine.number().withoutDecimals().min(1)).maxLength(1000).optional().requiredIfMissing('all'),
  all: vine.boolean().optional(),
})
