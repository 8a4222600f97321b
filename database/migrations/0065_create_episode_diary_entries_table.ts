import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Diary entries for episodes (issue 9). A table of their own keeps
 * diary_entries.movie_id NOT NULL for everything that reads it (exports,
 * feed, recommender exclusions); ids come from diary_entries' sequence so
 * PATCH/DELETE /me/diary/:id address either kind without ambiguity.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('episode_diary_entries', (table) => {
      table.integer('id').primary().defaultTo(this.raw("nextval('diary_entries_id_seq')"))
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.integer('series_id').notNullable().references('series.id').onDelete('CASCADE')
      table.integer('episode_id').notNullable().references('episodes.id').onDelete('CASCADE')
      table.date('watched_on').notNullable()
      table.boolean('rewatch').notNullable().defaultTo(false)
      table.decimal('rating', 2, 1).nullable()
      table.text('review').nullable()
      table.boolean('contains_spoilers').notNullable().defaultTo(false)
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['user_id', 'watched_on'])
      table.index(['user_id', 'series_id'])
      table.index(['episode_id'])
    })
    this.schema.raw(
      'ALTER TABLE episode_diary_entries ADD CONSTRAINT episode_diary_entries_rating_half_steps CHECK (rating IS NULL OR (rating BETWEEN 0.5 AND 5.0 AND (rating * 2) = trunc(rating * 2)))'
    )
  }

  async down() {
    this.schema.dropTableIfExists('episode_diary_entries')
  }
}
