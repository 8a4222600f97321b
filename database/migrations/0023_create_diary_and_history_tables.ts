import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    // A dated watch log; every rewatch is its own entry.
    this.schema.createTable('diary_entries', (table) => {
      table.increments('id')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.integer('movie_id').notNullable().references('movies.id').onDelete('CASCADE')
      table.date('watched_on').notNullable()
      table.boolean('rewatch').notNullable().defaultTo(false)
      table.decimal('rating', 2, 1).nullable()
      table.text('review').nullable()
      table.boolean('contains_spoilers').notNullable().defaultTo(false)
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['user_id', 'watched_on'])
      table.index(['user_id', 'movie_id'])
    })
    this.schema.raw(
      'ALTER TABLE diary_entries ADD CONSTRAINT diary_entries_rating_half_steps CHECK (rating IS NULL OR (rating BETWEEN 0.5 AND 5.0 AND (rating * 2) = trunc(rating * 2)))'
    )

    // Movie detail views, one row per user and movie (written in batches).
    this.schema.createTable('view_history', (table) => {
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.integer('movie_id').notNullable().references('movies.id').onDelete('CASCADE')
      table.timestamp('first_viewed_at', { useTz: true }).notNullable()
      table.timestamp('last_viewed_at', { useTz: true }).notNullable()
      table.integer('view_count').notNullable().defaultTo(1)
      table.primary(['user_id', 'movie_id'])
      table.index(['user_id', 'last_viewed_at'])
    })
  }

  async down() {
    this.schema.dropTableIfExists('view_history')
    this.schema.dropTableIfExists('diary_entries')
  }
}
