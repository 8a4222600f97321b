import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    /*
     * Chat history. Pages are read newest first by id within a room
     * (`?before=<id>`), so (room_id, id DESC) serves every page, the latest
     * message of a room and the unread counts (id > the member's marker).
     */
    this.schema.createTable('chat_messages', (table) => {
      table.bigIncrements('id')
      table.integer('room_id').notNullable().references('chat_rooms.id').onDelete('CASCADE')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.text('body').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.raw('ALTER TABLE chat_messages ADD CONSTRAINT chat_messages_body_length CHECK (char_length(body) BETWEEN 1 AND 2000)')
    this.schema.raw('CREATE INDEX chat_messages_room_recent ON chat_messages (room_id, id DESC)')
  }

  async down() {
    this.schema.dropTableIfExists('chat_messages')
  }
}
