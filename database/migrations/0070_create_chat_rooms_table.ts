import { BaseSchema } from '@adonisjs/lucid/schema'

export const CHAT_ROOM_TYPES = ['direct', 'movie'] as const

export default class extends BaseSchema {
  async up() {
    /*
     * Chat rooms: a direct room per pair of users (stored once, lower id
     * first, like friendships) or one public room per movie. The unique
     * constraints are what makes "one room per pair / per movie" hold
     * under concurrent creation.
     */
    this.schema.createTable('chat_rooms', (table) => {
      table.increments('id')
      table.enum('type', [...CHAT_ROOM_TYPES], { useNative: false, enumName: 'chat_room_type' }).notNullable()
      table.integer('movie_id').nullable().references('movies.id').onDelete('CASCADE')
      table.integer('user_low_id').nullable().references('users.id').onDelete('CASCADE')
      table.integer('user_high_id').nullable().references('users.id').onDelete('CASCADE')
      /** Latest message (any author): the rooms list is ordered by it. */
      table.timestamp('last_message_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      // Plain unique constraints (NULLs are distinct, so each applies to its
      // own room type); concurrent creations meet here (ON CONFLICT).
      table.unique(['user_low_id', 'user_high_id'], { indexName: 'chat_rooms_direct_pair' })
      table.unique(['movie_id'], { indexName: 'chat_rooms_movie' })
      table.index(['user_high_id'], 'chat_rooms_user_high')
    })
    this.schema.raw(
      `ALTER TABLE chat_rooms ADD CONSTRAINT chat_rooms_shape CHECK (
        (type = 'direct' AND movie_id IS NULL AND user_low_id IS NOT NULL AND user_high_id IS NOT NULL AND user_low_id < user_high_id)
        OR (type = 'movie' AND movie_id IS NOT NULL AND user_low_id IS NULL AND user_high_id IS NULL))`
    )
  }

  async down() {
    this.schema.dropTableIfExists('chat_rooms')
  }
}
