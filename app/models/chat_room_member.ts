import { DateTime } from 'luxon'
import { BaseModel, column, scope } from '@adonisjs/lucid/orm'

/**
 * A user's membership of a chat room and their read marker. The table's
 * key is (room_id, user_id); Lucid wants one primary key column, and rows
 * are only ever looked up by both, so `roomId` stands in for it.
 */
export default class ChatRoomMember extends BaseModel {
  static table = 'chat_room_members'

  @column({ isPrimary: true })
  declare roomId: number

  @column()
  declare userId: number

  @column({ consume: (value: string | number | null) => (value === null ? null : Number(value)) })
  declare lastReadMessageId: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  static of = scope((query, roomId: number, userId: number) => {
    query.where('chat_room_members.room_id', roomId).where('chat_room_members.user_id', userId)
  })
}
