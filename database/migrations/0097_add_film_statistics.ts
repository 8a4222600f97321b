import { BaseSchema } from '@adonisjs/lucid/schema'

/*
| Film statistics (GET /movies/:id/stats) and the calendar (GET /me/calendar).
|
| movies.rating_histogram[1..10] counts the movie's ratings of 0.5, 1.0, …
| 5.0 (index = rating × 2). The ratings trigger that already keeps
| rating_count/rating_sum/average_rating (0003) keeps it too, in the same
| UPDATE of the movie row, so a rating write costs nothing more and the
| histogram always adds up to rating_count. The MovieLens importer, which
| switches the trigger off, recomputes it with the other aggregates.
|
| The indexes serve the per-movie counts of the stats (computed once per
| cache fill) and the calendar's episode range of one series.
*/

const ZEROS = `'{0,0,0,0,0,0,0,0,0,0}'::integer[]`

function aggregatesFunction(withHistogram: boolean) {
  const minus = withHistogram
    ? `, rating_histogram[(OLD.rating * 2)::int] = rating_histogram[(OLD.rating * 2)::int] - 1`
    : ''
  const plus = withHistogram
    ? `, rating_histogram[(NEW.rating * 2)::int] = rating_histogram[(NEW.rating * 2)::int] + 1`
    : ''
  return `
    CREATE OR REPLACE FUNCTION ratings_maintain_aggregates() RETURNS trigger AS $$
    BEGIN
      IF current_setting('marquee.skip_rating_aggregates', true) = 'on' THEN
        RETURN NULL;
      END IF;
      IF TG_OP IN ('DELETE', 'UPDATE') THEN
        UPDATE movies SET rating_count = rating_count - 1, rating_sum = rating_sum - OLD.rating,
          average_rating = CASE WHEN rating_count - 1 > 0 THEN (rating_sum - OLD.rating) / (rating_count - 1) ELSE NULL END${minus}
        WHERE id = OLD.movie_id;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE movies SET rating_count = rating_count + 1, rating_sum = rating_sum + NEW.rating,
          average_rating = (rating_sum + NEW.rating) / (rating_count + 1)${plus}
        WHERE id = NEW.movie_id;
      END IF;
      RETURN NULL;
    END;
    $$ LANGUAGE plpgsql
  `
}

/** A movie's histogram from its ratings rows (`r`), grouped by movie (the importer has the same). */
const HISTOGRAM_OF_RATINGS = `ARRAY[
  count(*) FILTER (WHERE r.rating = 0.5), count(*) FILTER (WHERE r.rating = 1.0),
  count(*) FILTER (WHERE r.rating = 1.5), count(*) FILTER (WHERE r.rating = 2.0),
  count(*) FILTER (WHERE r.rating = 2.5), count(*) FILTER (WHERE r.rating = 3.0),
  count(*) FILTER (WHERE r.rating = 3.5), count(*) FILTER (WHERE r.rating = 4.0),
  count(*) FILTER (WHERE r.rating = 4.5), count(*) FILTER (WHERE r.rating = 5.0)
]::integer[]`

export default class extends BaseSchema {
  async up() {
    this.schema.raw(`ALTER TABLE movies ADD COLUMN rating_histogram integer[] NOT NULL DEFAULT ${ZEROS}`)
    this.schema.raw(
      'ALTER TABLE movies ADD CONSTRAINT movies_rating_histogram_ten_buckets CHECK (cardinality(rating_histogram) = 10)'
    )
    // Backfill from what the ratings table holds, in one statement.
    this.schema.raw(`
      UPDATE movies m SET rating_histogram = h.histogram
      FROM (SELECT r.movie_id, ${HISTOGRAM_OF_RATINGS} AS histogram FROM ratings r GROUP BY r.movie_id) h
      WHERE m.id = h.movie_id
    `)
    this.schema.raw(aggregatesFunction(true))

    this.schema.raw(
      'CREATE INDEX ratings_movie_visible_reviews_idx ON ratings (movie_id) WHERE review IS NOT NULL AND hidden_at IS NULL'
    )
    this.schema.alterTable('watchlist_items', (table) => table.index(['movie_id'], 'watchlist_items_movie_id_idx'))
    this.schema.alterTable('favorites', (table) => table.index(['movie_id'], 'favorites_movie_id_idx'))
    this.schema.alterTable('diary_entries', (table) => table.index(['movie_id'], 'diary_entries_movie_id_idx'))
    this.schema.alterTable('episodes', (table) => table.index(['series_id', 'air_date'], 'episodes_series_air_date_idx'))
  }

  async down() {
    this.schema.alterTable('episodes', (table) => table.dropIndex(['series_id', 'air_date'], 'episodes_series_air_date_idx'))
    this.schema.alterTable('diary_entries', (table) => table.dropIndex(['movie_id'], 'diary_entries_movie_id_idx'))
    this.schema.alterTable('favorites', (table) => table.dropIndex(['movie_id'], 'favorites_movie_id_idx'))
    this.schema.alterTable('watchlist_items', (table) => table.dropIndex(['movie_id'], 'watchlist_items_movie_id_idx'))
    this.schema.raw('DROP INDEX IF EXISTS ratings_movie_visible_reviews_idx')
    this.schema.raw(aggregatesFunction(false))
    this.schema.raw('ALTER TABLE movies DROP COLUMN rating_histogram')
  }
}
