import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    /*
     * Who is in a room, and how far each member has read. Both users of a
     * direct room are members from its creation; movie rooms are joined and
     * left. `last_read_message_id` has no foreign key on purpose: messages
     * are created after this table, and a marker only needs to compare
     * against message ids (a deleted message leaves a valid position).
     */
    this.schema.createTable('chat_room_members', (table) => {
      table.integer('room_id').notNullable().references('chat_rooms.id').onDelete('CASCADE')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.bigInteger('last_read_message_id').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.primary(['room_id', 'user_id'])
      table.index(['user_id'])
    })
  }

  async down() {
    this.schema.dropTableIfExists('chat_room_members')
  }
}
