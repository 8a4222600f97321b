import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Likes of comments (POST/DELETE /comments/:id/like): one row per user and
 * comment, so liking twice is one like. Counts are read with the comments
 * (a count per row of the page), never stored, so they cannot drift.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('comment_likes', (table) => {
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.integer('comment_id').notNullable().references('comments.id').onDelete('CASCADE')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.primary(['user_id', 'comment_id'])
      table.index(['comment_id'])
    })
  }

  async down() {
    this.schema.dropTableIfExists('comment_likes')
  }
}
