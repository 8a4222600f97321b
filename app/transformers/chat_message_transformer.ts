import type { DateTime } from 'luxon'
import { toIso } from '#services/database/query_helpers'
import type { UserSummary } from '#transformers/user_summary_transformer'

/** A chat message as the API (and the room's SSE channel) shows it. */
export interface ChatMessageResource {
  id: number
  room_id: number
  user: UserSummary
  body: string
  created_at: string
}

/** What the transformer needs of a message: a model or a raw row. */
export interface ChatMessageFields {
  id: number | string
  roomId: number
  userId: number
  body: string
  createdAt: DateTime | Date | string
}

export default class ChatMessageTransformer {
  /** `users` holds the authors' summaries (friendship_service.userSummaries). */
  static resource(message: ChatMessageFields, users: Map<number, UserSummary>): ChatMessageResource {
    return {
      id: Number(message.id),
      room_id: message.roomId,
      user: users.get(message.userId)!,
      body: message.body,
      created_at: toIso(message.createdAt),
    }
  }

  /** A raw `chat_messages` row (snake_case). */
  static fromRow(
    row: { id: number | string; room_id: number; user_id: number; body: string; created_at: Date | string },
    users: Map<number, UserSummary>
  ): ChatMessageResource {
    return this.resource({ id: row.id, roomId: row.room_id, userId: row.user_id, body: row.body, createdAt: row.created_at }, users)
  }
}
