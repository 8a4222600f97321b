import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm')

    // Genre ids are TMDB's, so MovieLens and TMDB genres share one row.
    this.schema.createTable('genres', (table) => {
      table.integer('id').primary()
      table.string('name', 64).notNullable().unique()
    })

    this.schema.createTable('movies', (table) => {
      table.increments('id')
      table.integer('tmdb_id').nullable().unique()
      table.string('imdb_id', 16).nullable().unique()
      table.integer('movielens_id').nullable().unique()
      table.string('title', 500).notNullable()
      table.string('original_title', 500).nullable()
      table.text('overview').nullable()
      table.string('tagline', 1000).nullable()
      table.date('release_date').nullable()
      table.smallint('year').nullable()
      table.integer('runtime').nullable()
      table.boolean('adult').notNullable().defaultTo(false)
      // Highest certification known (US), used by the "teen" maturity filter.
      table.string('certification', 16).nullable()
      table.string('original_language', 16).nullable()
      table.string('poster_path').nullable()
      table.string('backdrop_path').nullable()
      table.double('popularity').notNullable().defaultTo(0)
      table.double('vote_average').notNullable().defaultTo(0)
      table.integer('vote_count').notNullable().defaultTo(0)
      table.string('status', 32).nullable()
      table.bigInteger('budget').nullable()
      table.bigInteger('revenue').nullable()
      table.string('homepage', 1000).nullable()
      table.jsonb('spoken_languages').notNullable().defaultTo('[]')
      table.jsonb('production_countries').notNullable().defaultTo('[]')
      // Site rating aggregates, maintained by the ratings trigger.
      table.integer('rating_count').notNullable().defaultTo(0)
      table.double('rating_sum').notNullable().defaultTo(0)
      table.double('average_rating').nullable()
      table.double('trending_day').notNullable().defaultTo(0)
      table.double('trending_week').notNullable().defaultTo(0)
      table.boolean('is_hidden').notNullable().defaultTo(false)
      table.timestamp('metadata_synced_at', { useTz: true }).nullable()
      table.timestamp('credits_synced_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['popularity'])
      table.index(['release_date'])
      table.index(['year'])
      table.index(['average_rating'])
      table.index(['vote_average'])
    })
    this.schema.raw(`
      ALTER TABLE movies ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||
        setweight(to_tsvector('simple', coalesce(original_title, '')), 'B')
      ) STORED
    `)
    this.schema.raw('CREATE INDEX movies_search_vector_idx ON movies USING gin (search_vector)')
    this.schema.raw('CREATE INDEX movies_title_trgm_idx ON movies USING gin (lower(title) gin_trgm_ops)')

    this.schema.createTable('movie_genres', (table) => {
      table.integer('movie_id').notNullable().references('movies.id').onDelete('CASCADE')
      table.integer('genre_id').notNullable().references('genres.id').onDelete('CASCADE')
      table.primary(['movie_id', 'genre_id'])
      table.index(['genre_id', 'movie_id'])
    })

    this.schema.createTable('keywords', (table) => {
      table.integer('id').primary()
      table.string('name', 255).notNullable()
    })

    this.schema.createTable('movie_keywords', (table) => {
      table.integer('movie_id').notNullable().references('movies.id').onDelete('CASCADE')
      table.integer('keyword_id').notNullable().references('keywords.id').onDelete('CASCADE')
      table.primary(['movie_id', 'keyword_id'])
      table.index(['keyword_id'])
    })

    this.schema.createTable('people', (table) => {
      table.increments('id')
      table.integer('tmdb_id').nullable().unique()
      table.string('name', 255).notNullable()
      table.string('profile_path').nullable()
      table.string('known_for_department', 64).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.raw('CREATE INDEX people_name_trgm_idx ON people USING gin (lower(name) gin_trgm_ops)')

    this.schema.createTable('movie_cast', (table) => {
      table.increments('id')
      table.integer('movie_id').notNullable().references('movies.id').onDelete('CASCADE')
      table.integer('person_id').notNullable().references('people.id').onDelete('CASCADE')
      table.string('character', 500).nullable()
      table.integer('order').notNullable().defaultTo(0)
      table.unique(['movie_id', 'person_id', 'character'])
      table.index(['person_id'])
    })

    this.schema.createTable('movie_crew', (table) => {
      table.increments('id')
      table.integer('movie_id').notNullable().references('movies.id').onDelete('CASCADE')
      table.integer('person_id').notNullable().references('people.id').onDelete('CASCADE')
      table.string('job', 128).notNullable()
      table.string('department', 128).nullable()
      table.unique(['movie_id', 'person_id', 'job'])
      table.index(['person_id', 'job'])
    })
  }

  async down() {
    for (const table of ['movie_crew', 'movie_cast', 'people', 'movie_keywords', 'keywords', 'movie_genres', 'movies', 'genres']) {
      this.schema.dropTableIfExists(table)
    }
  }
}
