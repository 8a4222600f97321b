import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column, hasMany, scope } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import Movie from '#models/movie'
import ChatMessage from '#models/chat_message'
import ChatRoomMember from '#models/chat_room_member'
import { friendshipPair } from '#services/social/friendship_gate'

export type ChatRoomType = 'direct' | 'movie'

/**
 * A direct room between two users (stored once per pair, lower id first:
 * migration 0070's unique index) or the public room of a movie.
 */
export default class ChatRoom extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare type: ChatRoomType

  @column()
  declare movieId: number | null

  @column()
  declare userLowId: number | null

  @column()
  declare userHighId: number | null

  @column.dateTime()
  declare lastMessageAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @belongsTo(() => Movie)
  declare movie: BelongsTo<typeof Movie>

  @hasMany(() => ChatMessage, { foreignKey: 'roomId' })
  declare messages: HasMany<typeof ChatMessage>

  @hasMany(() => ChatRoomMember, { foreignKey: 'roomId' })
  declare members: HasMany<typeof ChatRoomMember>

  /** The other user of a direct room, seen from `userId` (null for movie rooms). */
  otherUserId(userId: number): number | null {
    if (this.type !== 'direct') return null
    return this.userLowId === userId ? this.userHighId : this.userLowId
  }

  static directPair = scope((query, a: number, b: number) => {
    const pair = friendshipPair(a, b)
    query.where('chat_rooms.type', 'direct').where('chat_rooms.user_low_id', pair.user_low_id).where('chat_rooms.user_high_id', pair.user_high_id)
  })

  static ofMovie = scope((query, movieId: number) => {
    query.where('chat_rooms.type', 'movie').where('chat_rooms.movie_id', movieId)
  })
}
