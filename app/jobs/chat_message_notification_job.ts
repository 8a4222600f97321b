import { inject } from '@adonisjs/core'
import type { JobsOptions } from 'bullmq'
import db from '@adonisjs/lucid/services/db'
import BaseJob from '#jobs/base_job'
import { areFriends } from '#services/social/friendship_gate'
import NotificationService from '#services/notifications/notification_service'
import { userSummaries } from '#services/social/friendship_service'

export interface ChatMessageNotificationPayload {
  messageId: number
  /** The other member of the direct room. */
  recipientId: number
}

/** Longest excerpt of a message in the notification text. */
const EXCERPT = 140

/**
 * Stores the `chat_message` notification of a direct message for its
 * recipient (never inside the request). While the recipient has not read
 * it, later messages of the same room update that one notification (latest
 * excerpt, a count) instead of adding one each. Movie rooms do not notify.
 */
@inject()
export default class ChatMessageNotificationJob extends BaseJob<ChatMessageNotificationPayload> {
  static jobName = 'chat-message-notification' as const
  static options: JobsOptions = {
    attempts: 3,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: true,
    removeOnFail: { age: 24 * 3600 },
  }

  /** One notification per message, however often it is queued. */
  static jobId(payload: ChatMessageNotificationPayload) {
    return `chat-message-${payload.messageId}-${payload.recipientId}`
  }

  constructor(protected notifications: NotificationService) {
    super()
  }

  async handle(payload: ChatMessageNotificationPayload) {
    const message = await db
      .from('chat_messages')
      .join('chat_rooms', 'chat_rooms.id', 'chat_messages.room_id')
      .where('chat_messages.id', payload.messageId)
      .select('chat_messages.id', 'chat_messages.room_id', 'chat_messages.user_id', 'chat_messages.body', 'chat_rooms.type')
      .first()
    // Gone (account deleted), not a direct message, or the friendship ended meanwhile: nothing to tell.
    if (!message || message.type !== 'direct' || message.user_id === payload.recipientId) return { notificationId: null }
    if (!(await areFriends(message.user_id, payload.recipientId))) return { notificationId: null }
    const author = (await userSummaries([message.user_id])).get(message.user_id)
    if (!author) return { notificationId: null }
    const body: string = message.body
    const name = author.display_name || author.username
    // One unread notification per conversation, counting the messages it stands for.
    const created = await this.notifications.createOrReplaceUnread(payload.recipientId, 'chat_message', { room_id: message.room_id }, (previous) => {
      const count = Number(previous?.data.message_count ?? 0) + 1
      // Jobs may finish out of order: the excerpt stays the newest message's.
      const newer = !previous || Number(previous.data.message_id) < Number(message.id)
      return {
        title: count === 1 ? `New message from ${name}` : `${count} new messages from ${name}`,
        message: newer ? (body.length > EXCERPT ? `${body.slice(0, EXCERPT - 1)}…` : body) : previous.message,
        image: author.avatar_url,
        data: { message_id: newer ? Number(message.id) : Number(previous.data.message_id), message_count: count, user: author },
      }
    })
    // Null when the recipient switched chat_message off in-app.
    return { notificationId: created?.id ?? null }
  }
}
