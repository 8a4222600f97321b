import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column, scope } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import User from '#models/user'

/** One chat message (1–2000 characters, checked by the validator and the table). */
export default class ChatMessage extends BaseModel {
  @column({ isPrimary: true, consume: (value: string | number) => Number(value) })
  declare id: number

  @column()
  declare roomId: number

  @column()
  declare userId: number

  @column()
  declare body: string

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @belongsTo(() => User)
  declare user: BelongsTo<typeof User>

  /**
   * A room's history newest first, `before` an id (exclusive), without the
   * messages of `hiddenUserIds` (blocks): served by (room_id, id DESC).
   */
  static history = scope((query, roomId: number, before: number | null, hiddenUserIds: number[]) => {
    query.where('chat_messages.room_id', roomId)
    if (before !== null) query.where('chat_messages.id', '<', before)
    if (hiddenUserIds.length) query.whereNotIn('chat_messages.user_id', hiddenUserIds)
    query.orderBy('chat_messages.id', 'desc')
  })
}
