import type { ChatRoomType } from '#models/chat_room'
import type { ViewerMovieSummary } from '#services/catalogue/movie_summaries'
import { toIso } from '#services/database/query_helpers'
import type { ChatMessageResource } from '#transformers/chat_message_transformer'
import type { UserSummary } from '#transformers/user_summary_transformer'

/** A room as its member sees it (GET/POST /chat/rooms). */
export interface ChatRoomResource {
  id: number
  type: ChatRoomType
  /** The room's movie (movie rooms), else null. */
  movie: ViewerMovieSummary | null
  /** The other member (direct rooms), else null. */
  other_user: UserSummary | null
  /** The latest message the viewer may see, or null. */
  last_message: ChatMessageResource | null
  /** Messages of others after the viewer's read marker. */
  unread_count: number
  last_read_message_id: number | null
  created_at: string
}

/** POST /chat/rooms/:id/read: where the caller's marker is and what is left unread. */
export interface ReadMarker {
  room_id: number
  last_read_message_id: number | null
  unread_count: number
}

export interface ChatRoomView {
  id: number
  type: ChatRoomType
  createdAt: Date | string
  lastReadMessageId: number | string | null
  movie: ViewerMovieSummary | null
  otherUser: UserSummary | null
  lastMessage: ChatMessageResource | null
  unreadCount: number
}

export default class ChatRoomTransformer {
  static resource(room: ChatRoomView): ChatRoomResource {
    return {
      id: room.id,
      type: room.type,
      movie: room.movie,
      other_user: room.otherUser,
      last_message: room.lastMessage,
      unread_count: room.unreadCount,
      last_read_message_id: room.lastReadMessageId === null ? null : Number(room.lastReadMessageId),
      created_at: toIso(room.createdAt),
    }
  }

  static readMarker(roomId: number, lastReadMessageId: number | null, unreadCount: number): ReadMarker {
    return { room_id: roomId, last_read_message_id: lastReadMessageId, unread_count: unreadCount }
  }
}
