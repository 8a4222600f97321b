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

    /**
     * The discussion goes with the review's text: whoever removes it (the
     * author's PUT with `review: null`, a moderator's removal) removes the
     * thread, its replies and likes too, in the same statement's transaction.
     */
    this.schema.raw(`
      CREATE OR REPLACE FUNCTION ratings_drop_review_comments() RETURNS trigger AS $$
      BEGIN
        DELETE FROM comments WHERE rating_id = NEW.id;
        RETURN NULL;
      END;
      $$ LANGUAGE plpgsql
    `)
    this.schema.raw(`
      CREATE TRIGGER ratings_review_removed AFTER UPDATE OF review ON ratings
      FOR EACH ROW WHEN (OLD.review IS NOT NULL AND NEW.review IS NULL)
      EXECUTE FUNCTION ratings_drop_review_comments()
    `)
  }

  async down() {
    this.schema.raw('DROP TRIGGER IF EXISTS ratings_review_removed ON ratings')
    this.schema.raw('DROP FUNCTION IF EXISTS ratings_drop_review_comments()')
    this.schema.raw('DELETE FROM comments WHERE rating_id IS NOT NULL')
    this.schema.raw('ALTER TABLE comments DROP CONSTRAINT comments_one_subject')
    this.schema.alterTable('comments', (table) => table.dropColumn('rating_id'))
    this.schema.raw(
      'ALTER TABLE comments ADD CONSTRAINT comments_one_subject CHECK ((movie_id IS NULL) <> (list_id IS NULL))'
    )
  }
}
