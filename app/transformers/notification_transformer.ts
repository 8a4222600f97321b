import { toIso } from '#services/database/query_helpers'

/** Every kind of notification (notifications.type). */
export const NOTIFICATION_TYPES = [
  'movie_added',
  'movie_recommendation',
  'system_update',
  'favorite_update',
  'friend_request',
  'friend_accepted',
  'chat_message',
  'comment_reply',
  'availability',
] as const
export type NotificationType = (typeof NOTIFICATION_TYPES)[number]

/** A notification of GET /me/notifications (and of the realtime push). */
export interface NotificationResource {
  id: number
  type: NotificationType
  title: string
  message: string
  read: boolean
  read_at: string | null
  created_at: string
  movie_id: number | null
  image: string | null
  data: Record<string, unknown>
}

/** A `notifications` row (what NotificationTransformer.resource reads). */
export interface NotificationRow {
  id: string | number
  type: NotificationType
  title: string
  message: string
  read_at: Date | null
  created_at: Date
  movie_id: number | null
  image: string | null
  data: Record<string, unknown> | null
}

export default class NotificationTransformer {
  static resource(row: NotificationRow): NotificationResource {
    return {
      id: Number(row.id),
      type: row.type,
      title: row.title,
      message: row.message,
      read: row.read_at !== null,
      read_at: row.read_at ? toIso(row.read_at) : null,
      created_at: toIso(row.created_at),
      movie_id: row.movie_id,
      image: row.image,
      data: row.data ?? {},
    }
  }
}
