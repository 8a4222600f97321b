import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * TV series (issue 9), ingested from TMDB's TV endpoints. Genres and people
 * are shared with movies (TMDB ids for both); networks are TMDB's too.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('series', (table) => {
      table.increments('id')
      table.integer('tmdb_id').notNullable().unique()
      table.string('imdb_id', 16).nullable().index()
      table.string('name', 500).notNullable()
      table.string('original_name', 500).nullable()
      table.text('overview').nullable()
      table.string('tagline', 1000).nullable()
      table.date('first_air_date').nullable()
      table.date('last_air_date').nullable()
      table.smallint('year').nullable()
      table.string('status', 32).nullable()
      // TMDB's show type: Scripted, Miniseries, Documentary, Reality…
      table.string('type', 32).nullable()
      table.boolean('adult').notNullable().defaultTo(false)
      // US TV rating (TV-14, TV-MA…), read by the "teen" maturity filter.
      table.string('certification', 16).nullable()
      table.string('original_language', 16).nullable()
      table.string('homepage', 1000).nullable()
      table.string('poster_path').nullable()
      table.string('backdrop_path').nullable()
      table.double('popularity').notNullable().defaultTo(0)
      table.double('vote_average').notNullable().defaultTo(0)
      table.integer('vote_count').notNullable().defaultTo(0)
      table.integer('number_of_seasons').notNullable().defaultTo(0)
      table.integer('number_of_episodes').notNullable().defaultTo(0)
      table.boolean('in_production').notNullable().defaultTo(false)
      // Site rating aggregates, as on movies.
      table.integer('rating_count').notNullable().defaultTo(0)
      table.double('rating_sum').notNullable().defaultTo(0)
      table.double('average_rating').nullable()
      table.double('trending_day').notNullable().defaultTo(0)
      table.double('trending_week').notNullable().defaultTo(0)
      table.boolean('is_hidden').notNullable().defaultTo(false)
      table.timestamp('metadata_synced_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['popularity'])
      table.index(['first_air_date'])
      table.index(['year'])
      table.index(['average_rating'])
      table.index(['vote_average'])
    })
    this.schema.raw(`
      ALTER TABLE series ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(name, '')), 'A') ||
        setweight(to_tsvector('simple', coalesce(original_name, '')), 'B')
      ) STORED
    `)
    this.schema.raw('CREATE INDEX series_search_vector_idx ON series USING gin (search_vector)')
    this.schema.raw('CREATE INDEX series_name_trgm_idx ON series USING gin (lower(name) gin_trgm_ops)')

    this.schema.createTable('series_genres', (table) => {
      table.integer('series_id').notNullable().references('series.id').onDelete('CASCADE')
      table.integer('genre_id').notNullable().references('genres.id').onDelete('CASCADE')
      table.primary(['series_id', 'genre_id'])
      table.index(['genre_id', 'series_id'])
    })

    this.schema.createTable('series_keywords', (table) => {
      table.integer('series_id').notNullable().references('series.id').onDelete('CASCADE')
      table.integer('keyword_id').notNullable().references('keywords.id').onDelete('CASCADE')
      table.primary(['series_id', 'keyword_id'])
      table.index(['keyword_id'])
    })

    // Network ids are TMDB's.
    this.schema.createTable('networks', (table) => {
      table.integer('id').primary()
      table.string('name', 255).notNullable()
      table.string('logo_path').nullable()
      table.string('origin_country', 8).nullable()
    })

    this.schema.createTable('series_networks', (table) => {
      table.integer('series_id').notNullable().references('series.id').onDelete('CASCADE')
      table.integer('network_id').notNullable().references('networks.id').onDelete('CASCADE')
      table.primary(['series_id', 'network_id'])
      table.index(['network_id'])
    })

    this.schema.createTable('series_cast', (table) => {
      table.increments('id')
      table.integer('series_id').notNullable().references('series.id').onDelete('CASCADE')
      table.integer('person_id').notNullable().references('people.id').onDelete('CASCADE')
      table.string('character', 500).nullable()
      table.integer('order').notNullable().defaultTo(0)
      table.unique(['series_id', 'person_id', 'character'])
      table.index(['person_id'])
    })

    this.schema.createTable('seasons', (table) => {
      table.increments('id')
      table.integer('series_id').notNullable().references('series.id').onDelete('CASCADE')
      table.integer('tmdb_id').nullable()
      // 0 is TMDB's "Specials".
      table.smallint('season_number').notNullable()
      table.string('name', 500).nullable()
      table.text('overview').nullable()
      table.date('air_date').nullable()
      table.string('poster_path').nullable()
      table.integer('episode_count').notNullable().defaultTo(0)
      table.double('vote_average').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['series_id', 'season_number'])
    })

    this.schema.createTable('episodes', (table) => {
      table.increments('id')
      table.integer('season_id').notNullable().references('seasons.id').onDelete('CASCADE')
      // Denormalised: "next episode to watch" and episode ratings look episodes up by series.
      table.integer('series_id').notNullable().references('series.id').onDelete('CASCADE')
      table.integer('tmdb_id').nullable()
      table.smallint('season_number').notNullable()
      table.smallint('episode_number').notNullable()
      table.string('name', 500).nullable()
      table.text('overview').nullable()
      table.date('air_date').nullable()
      table.integer('runtime').nullable()
      table.string('still_path').nullable()
      table.double('vote_average').notNullable().defaultTo(0)
      table.integer('vote_count').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['season_id', 'episode_number'])
      table.index(['series_id', 'season_number', 'episode_number'])
    })
  }

  async down() {
    for (const table of [
      'episodes',
      'seasons',
      'series_cast',
      'series_networks',
      'networks',
      'series_keywords',
      'series_genres',
      'series',
    ]) {
      this.schema.dropTableIfExists(table)
    }
  }
}
