import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Threaded comments on a movie or on a custom list (exactly one of the two).
 * A comment deleted while it has replies stays as a placeholder
 * (`deleted_at` set, body cleared) so the thread keeps its shape.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('comments', (table) => {
      table.increments('id')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.integer('movie_id').nullable().references('movies.id').onDelete('CASCADE')
      table.integer('list_id').nullable().references('lists.id').onDelete('CASCADE')
      table.integer('parent_id').nullable().references('comments.id').onDelete('CASCADE')
      table.text('body').nullable()
      table.timestamp('edited_at', { useTz: true }).nullable()
      table.timestamp('deleted_at', { useTz: true }).nullable()
      table.integer('deleted_by').nullable().references('users.id').onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['movie_id', 'parent_id', 'created_at'])
      table.index(['list_id', 'parent_id', 'created_at'])
      table.index(['parent_id', 'created_at'])
      table.index(['user_id', 'created_at'])
    })
    this.schema.raw(
      'ALTER TABLE comments ADD CONSTRAINT comments_one_subject CHECK ((movie_id IS NULL) <> (list_id IS NULL))'
    )
    this.schema.raw(
      'ALTER TABLE comments ADD CONSTRAINT comments_body_present CHECK (deleted_at IS NOT NULL OR body IS NOT NULL)'
    )
  }

  async down() {
    this.schema.dropTableIfExists('comments')
  }
}
