import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.createTable('ratings', (table) => {
      table.bigIncrements('id')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.integer('movie_id').notNullable().references('movies.id').onDelete('CASCADE')
      table.decimal('rating', 2, 1).notNullable()
      table.text('review').nullable()
      table.boolean('contains_spoilers').notNullable().defaultTo(false)
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['user_id', 'movie_id'])
      table.index(['movie_id'])
      table.index(['user_id', 'created_at'])
    })
    // 0.5–5.0 in half steps (the MovieLens scale), enforced by the database too.
    this.schema.raw(
      'ALTER TABLE ratings ADD CONSTRAINT ratings_rating_half_steps CHECK (rating BETWEEN 0.5 AND 5.0 AND (rating * 2) = trunc(rating * 2))'
    )

    /**
     * Keeps movies.rating_count/rating_sum/average_rating equal to what the
     * ratings table says, inside the writing transaction. Bulk imports set
     * `marquee.skip_rating_aggregates` and recompute the touched movies once.
     */
    this.schema.raw(`
      CREATE OR REPLACE FUNCTION ratings_maintain_aggregates() RETURNS trigger AS $$
      BEGIN
        IF current_setting('marquee.skip_rating_aggregates', true) = 'on' THEN
          RETURN NULL;
        END IF;
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
          UPDATE movies SET rating_count = rating_count - 1, rating_sum = rating_sum - OLD.rating,
            average_rating = CASE WHEN rating_count - 1 > 0 THEN (rating_sum - OLD.rating) / (rating_count - 1) ELSE NULL END
          WHERE id = OLD.movie_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          UPDATE movies SET rating_count = rating_count + 1, rating_sum = rating_sum + NEW.rating,
            average_rating = (rating_sum + NEW.rating) / (rating_count + 1)
          WHERE id = NEW.movie_id;
        END IF;
        RETURN NULL;
      END;
      $$ LANGUAGE plpgsql
    `)
    this.schema.raw(`
      CREATE TRIGGER ratings_aggregates AFTER INSERT OR DELETE OR UPDATE OF rating, movie_id ON ratings
      FOR EACH ROW WHEN (current_setting('marquee.skip_rating_aggregates', true) IS DISTINCT FROM 'on')
      EXECUTE FUNCTION ratings_maintain_aggregates()
    `)

    // MovieLens free-text tags (kept for content features and exports).
    this.schema.createTable('movie_tags', (table) => {
      table.bigIncrements('id')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.integer('movie_id').notNullable().references('movies.id').onDelete('CASCADE')
      table.string('tag', 255).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['user_id', 'movie_id', 'tag'])
      table.index(['movie_id'])
    })

    this.schema.createTable('watchlist_items', (table) => {
      table.bigIncrements('id')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.integer('movie_id').notNullable().references('movies.id').onDelete('CASCADE')
      table.boolean('watched').notNullable().defaultTo(false)
      table.timestamp('watched_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['user_id', 'movie_id'])
    })

    this.schema.createTable('favorites', (table) => {
      table.bigIncrements('id')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.integer('movie_id').notNullable().references('movies.id').onDelete('CASCADE')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['user_id', 'movie_id'])
    })
  }

  async down() {
    this.schema.dropTableIfExists('favorites')
    this.schema.dropTableIfExists('watchlist_items')
    this.schema.dropTableIfExists('movie_tags')
    this.schema.dropTableIfExists('ratings')
    this.schema.raw('DROP FUNCTION IF EXISTS ratings_maintain_aggregates')
  }
}
