import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Custom lists: a user's ordered collection of movies with per-item notes.
 * Every list keeps its items in `position` order (1..n, no gaps); `ranked`
 * only says whether clients show those positions as ranks.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('lists', (table) => {
      table.increments('id')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.string('title', 200).notNullable()
      table.text('description').nullable()
      table.enum('privacy', ['private', 'link', 'friends', 'public']).notNullable().defaultTo('public')
      table.boolean('ranked').notNullable().defaultTo(false)
      // Unguessable token of `link` lists (kept when the privacy changes, regenerated on demand).
      table.string('share_token', 64).notNullable().unique()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['user_id', 'created_at'])
      table.index(['privacy', 'created_at'])
    })

    this.schema.createTable('list_items', (table) => {
      table.increments('id')
      table.integer('list_id').notNullable().references('lists.id').onDelete('CASCADE')
      table.integer('movie_id').notNullable().references('movies.id').onDelete('CASCADE')
      table.integer('position').notNullable()
      table.text('note').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['list_id', 'movie_id'])
      table.index(['movie_id'])
    })
    // Deferred so that moving an item can shift its neighbours inside one transaction.
    this.schema.raw(
      'ALTER TABLE list_items ADD CONSTRAINT list_items_list_position_unique UNIQUE (list_id, position) DEFERRABLE INITIALLY DEFERRED'
    )
    this.schema.raw('ALTER TABLE list_items ADD CONSTRAINT list_items_position_positive CHECK (position >= 1)')

    this.schema.createTable('list_likes', (table) => {
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.integer('list_id').notNullable().references('lists.id').onDelete('CASCADE')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.primary(['user_id', 'list_id'])
      table.index(['list_id'])
    })
  }

  async down() {
    this.schema.dropTableIfExists('list_likes')
    this.schema.dropTableIfExists('list_items')
    this.schema.dropTableIfExists('lists')
  }
}
