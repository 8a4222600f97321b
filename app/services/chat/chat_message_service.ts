import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import ChatMessage from '#models/chat_message'
import ChatMessageNotificationJob from '#jobs/chat_message_notification_job'
import { openMembershipOrFail } from '#services/chat/chat_access'
import { hiddenUserIdsFor } from '#services/social/friendship_gate'
import { realtime } from '#services/realtime/realtime_push'
import { userSummaries } from '#services/social/friendship_service'
import ChatMessageTransformer, { type ChatMessageResource } from '#transformers/chat_message_transformer'
import UserSummaryTransformer from '#transformers/user_summary_transformer'

export interface ChatHistoryPage {
  data: ChatMessageResource[]
  /** The id of the last message on the page (pass it as `before`), or null at the end. */
  next_cursor: string | null
}

/**
 * Chat history and sending. A message is stored first (with the room's
 * activity time and the sender's read marker, in one transaction), then
 * pushed on chat/rooms/:id to every subscriber, the sender's streams
 * included, except those of users on either side of a block with the
 * sender (as the history hides them); the other member of a direct room is
 * notified by a queued job.
 */
export default class ChatMessageService {
  /** Newest first, `limit` per page, before a message id; members of an open room only. */
  async history(user: User, roomId: number, before: number | null, limit: number): Promise<ChatHistoryPage> {
    const { room } = await openMembershipOrFail(user, roomId)
    // Movie rooms are public: like comments, nothing of users on either side of a block.
    const hidden = room.type === 'movie' ? await hiddenUserIdsFor(user.id) : []
    const messages = await ChatMessage.query()
      .apply((scopes) => scopes.history(room.id, before, hidden))
      .limit(limit + 1)
    const page = messages.slice(0, limit)
    const users = await userSummaries(page.map((message) => message.userId))
    return {
      data: page.map((message) => ChatMessageTransformer.resource(message, users)),
      next_cursor: messages.length > limit ? String(page[page.length - 1].id) : null,
    }
  }

  async send(user: User, roomId: number, body: string): Promise<ChatMessageResource> {
    // Who must not see it live: users on either side of a block with the sender
    // (a direct room with a block is closed, so this only matters in movie rooms).
    const [{ room }, hiddenFrom] = await Promise.all([openMembershipOrFail(user, roomId), hiddenUserIdsFor(user.id)])
    const message = await db.transaction(async (trx) => {
      const created = await ChatMessage.create({ roomId: room.id, userId: user.id, body }, { client: trx })
      await trx.from('chat_rooms').where('id', room.id).update({ last_message_at: created.createdAt.toJSDate() })
      // The sender has read up to their own message.
      await trx.from('chat_room_members').where({ room_id: room.id, user_id: user.id }).update({ last_read_message_id: created.id })
      return created
    })
    // The sender is the authenticated user: no query for their summary.
    const resource = ChatMessageTransformer.resource(message, new Map([[user.id, UserSummaryTransformer.summary(user)]]))
    realtime.chatMessage(room.id, resource, { hiddenFrom })
    if (room.type === 'direct') {
      await ChatMessageNotificationJob.dispatch({ messageId: message.id, recipientId: room.otherUserId(user.id)! })
    }
    return resource
  }
}
