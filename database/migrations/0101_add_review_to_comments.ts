import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Reviews can be discussed (GET/POST /reviews/:id/comments): a comment now
 * hangs on exactly one of a movie, a list or a movie review. A review is the
 * text of a rating, so the thread points at the rating row and goes with it.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('comments', (table) => {
      table.bigInteger('rating_id').nullable().references('ratings.id').onDelete('CASCADE')
      table.index(['rating_id', 'parent_id', 'created_at'])
    })
    this.schema.raw('ALTER TABLE comments DROP CONSTRAINT comments_one_subject')
    this.schema.raw(
      'ALTER TABLE comments ADD CONSTRAINT comments_one_subject CHECK (num_nonnulls(movie_id, list_id, rating_id) = 1)'
    )
  }

  async down() {
    this.schema.raw('DELETE FROM comments WHERE rating_id IS NOT NULL')
    this.schema.raw('ALTER TABLE comments DROP CONSTRAINT comments_one_subject')
    this.schema.alterTable('comments', (table) => table.dropColumn('rating_id'))
    this.schema.raw(
      'ALTER TABLE comments ADD CONSTRAINT comments_one_subject CHECK ((movie_id IS NULL) <> (list_id IS NULL))'
    )
  }
}
