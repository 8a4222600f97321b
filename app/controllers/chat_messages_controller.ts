import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import ChatMessageService from '#services/chat/chat_message_service'
import { CHAT_PAGE_DEFAULT, chatMessagesValidator, sendChatMessageValidator } from '#validators/chat'

/** /chat/rooms/:id/messages: history (cursor-paged, newest first) and sending. */
@inject()
export default class ChatMessagesController {
  constructor(protected messages: ChatMessageService) {}

  async index({ auth, params, request }: HttpContext) {
    const input = await request.validateUsing(chatMessagesValidator, { data: request.qs() })
    const before = input.before ? Number(input.before) : null
    return this.messages.history(auth.getUserOrFail(), Number(params.id), before, input.limit ?? CHAT_PAGE_DEFAULT)
  }

  async store({ auth, params, request, response }: HttpContext) {
    const input = await request.validateUsing(sendChatMessageValidator)
    return response.created(await this.messages.send(auth.getUserOrFail(), Number(params.id), input.body))
  }
}
