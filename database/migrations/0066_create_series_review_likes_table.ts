import { BaseSchema } from '@adonisjs/lucid/schema'

/** Likes of series reviews; as for movies, a review is the text of a rating, so a like points at the rating row. */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('series_review_likes', (table) => {
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.bigInteger('series_rating_id').notNullable().references('series_ratings.id').onDelete('CASCADE')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.primary(['user_id', 'series_rating_id'])
      table.index(['series_rating_id'])
    })
  }

  async down() {
    this.schema.dropTableIfExists('series_review_likes')
  }
}
