import vine from '@vinejs/vine'
import { paginationFields } from '#validators/pagination'

export const CHAT_MESSAGE_MAX_LENGTH = 2000
export const CHAT_PAGE_DEFAULT = 50

const id = () => vine.number().withoutDecimals().positive().max(2_147_483_647)

/** GET /chat/rooms */
export const chatRoomsValidator = vine.create({ ...paginationFields })

/** POST /chat/rooms: `{type: "direct", user_id}` or `{type: "movie", movie_id}`. */
export const createChatRoomValidator = vine.create({
  type: vine.enum(['direct', 'movie'] as const),
  user_id: id().optional().requiredWhen('type', '=', 'direct'),
  movie_id: id().optional().requiredWhen('type', '=', 'movie'),
})

/**
 * GET /chat/rooms/:id/messages. `before` is a message id, which is also what
 * `next_cursor` holds (clients treat it as opaque); anything else is a 422.
 */
export const chatMessagesValidator = vine.create({
  before: vine.string().trim().regex(/^[1-9]\d{0,17}$/).optional(),
  limit: vine.number().withoutDecimals().range([1, 100]).optional(),
})

/** POST /chat/rooms/:id/messages: 1–2000 characters after trimming. */
export const sendChatMessageValidator = vine.create({
  body: vine.string().trim().minLength(1).maxLength(CHAT_MESSAGE_MAX_LENGTH),
})

/** POST /chat/rooms/:id/read: up to a message of the room (default: the latest). */
export const markChatReadValidator = vine.create({
  message_id: vine.number().withoutDecimals().positive().max(Number.MAX_SAFE_INTEGER).optional(),
})
