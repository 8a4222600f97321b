import vine from '@vinejs/vine'
import { paginationFields } from '#validators/pagination'
import { COMMENT_SORTS } from '#models/comment'

export const COMMENT_MAX_LENGTH = 2000

const body = () => vine.string().trim().minLength(1).maxLength(COMMENT_MAX_LENGTH)

export const createCommentValidator = vine.create({
  body: body(),
  parent_id: vine.number().withoutDecimals().positive().max(2_147_483_647).optional(),
})

export const updateCommentValidator = vine.create({
  body: body(),
})

export const listCommentsValidator = vine.create({
  ...paginationFields,
  sort: vine.enum(COMMENT_SORTS).optional(),
  /** Opens comments of a `link` list. */
  share_token: vine.string().maxLength(64).optional(),
})
