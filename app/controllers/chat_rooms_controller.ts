import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import { pageRequest } from '#services/http/pagination'
import ChatRoomService from '#services/chat/chat_room_service'
import { chatRoomsValidator, createChatRoomValidator, markChatReadValidator } from '#validators/chat'

/** /chat/rooms: the caller's rooms, opening and joining them, leaving, read markers. */
@inject()
export default class ChatRoomsController {
  constructor(protected rooms: ChatRoomService) {}

  async index({ auth, request }: HttpContext) {
    const input = await request.validateUsing(chatRoomsValidator, { data: request.qs() })
    return this.rooms.list(auth.getUserOrFail(), pageRequest(input), request.url(), request.qs())
  }

  /** `{type: "direct", user_id}` or `{type: "movie", movie_id}`: 201 when new, 200 when it was there. */
  async store({ auth, request, response }: HttpContext) {
    const input = await request.validateUsing(createChatRoomValidator)
    const user = auth.getUserOrFail()
    const result =
      input.type === 'direct' ? await this.rooms.openDirect(user, input.user_id!) : await this.rooms.joinMovie(user, input.movie_id!)
    return response.status(result.created ? 201 : 200).send(result.room)
  }

  async leave({ auth, params, response }: HttpContext) {
    await this.rooms.leave(auth.getUserOrFail(), Number(params.id))
    return response.noContent()
  }

  async read({ auth, params, request }: HttpContext) {
    const input = await request.validateUsing(markChatReadValidator)
    return this.rooms.markRead(auth.getUserOrFail(), Number(params.id), input.message_id)
  }
}
