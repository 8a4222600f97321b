import { BaseSchema } from '@adonisjs/lucid/schema'

/** Ratings of series (with an optional review) and of single episodes (issue 9). */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('series_ratings', (table) => {
      table.bigIncrements('id')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.integer('series_id').notNullable().references('series.id').onDelete('CASCADE')
      table.decimal('rating', 2, 1).notNullable()
      table.text('review').nullable()
      table.boolean('contains_spoilers').notNullable().defaultTo(false)
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['user_id', 'series_id'])
      table.index(['series_id'])
    })
    this.schema.raw(
      'ALTER TABLE series_ratings ADD CONSTRAINT series_ratings_half_steps CHECK (rating BETWEEN 0.5 AND 5.0 AND (rating * 2) = trunc(rating * 2))'
    )

    // Keeps series.rating_count/rating_sum/average_rating in step, as the ratings trigger does for movies.
    this.schema.raw(`
      CREATE OR REPLACE FUNCTION series_ratings_maintain_aggregates() RETURNS trigger AS $$
      BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
          UPDATE series SET rating_count = rating_count - 1, rating_sum = rating_sum - OLD.rating,
            average_rating = CASE WHEN rating_count - 1 > 0 THEN (rating_sum - OLD.rating) / (rating_count - 1) ELSE NULL END
          WHERE id = OLD.series_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          UPDATE series SET rating_count = rating_count + 1, rating_sum = rating_sum + NEW.rating,
            average_rating = (rating_sum + NEW.rating) / (rating_count + 1)
          WHERE id = NEW.series_id;
        END IF;
        RETURN NULL;
      END;
      $$ LANGUAGE plpgsql
    `)
    this.schema.raw(`
      CREATE TRIGGER series_ratings_aggregates AFTER INSERT OR DELETE OR UPDATE OF rating, series_id ON series_ratings
      FOR EACH ROW EXECUTE FUNCTION series_ratings_maintain_aggregates()
    `)

    this.schema.createTable('episode_ratings', (table) => {
      table.bigIncrements('id')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.integer('episode_id').notNullable().references('episodes.id').onDelete('CASCADE')
      // Denormalised so a show's page reads the caller's episode ratings in one lookup.
      table.integer('series_id').notNullable().references('series.id').onDelete('CASCADE')
      table.decimal('rating', 2, 1).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['user_id', 'episode_id'])
      table.index(['user_id', 'series_id'])
      table.index(['episode_id'])
    })
    this.schema.raw(
      'ALTER TABLE episode_ratings ADD CONSTRAINT episode_ratings_half_steps CHECK (rating BETWEEN 0.5 AND 5.0 AND (rating * 2) = trunc(rating * 2))'
    )
  }

  async down() {
    this.schema.dropTableIfExists('episode_ratings')
    this.schema.raw('DROP TRIGGER IF EXISTS series_ratings_aggregates ON series_ratings')
    this.schema.dropTableIfExists('series_ratings')
    this.schema.raw('DROP FUNCTION IF EXISTS series_ratings_maintain_aggregates()')
  }
}
