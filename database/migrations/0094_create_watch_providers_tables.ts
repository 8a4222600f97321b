import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    /*
     * Where a movie can be watched, from TMDB's `watch/providers` (JustWatch
     * data). `watch_providers` are TMDB's providers by TMDB id (8 Netflix,
     * 9 Amazon Prime Video…); `watch_provider_regions` the regions each is
     * offered in (TMDB's /watch/providers/movie list, and every region a
     * movie's sync saw it in) with the region's display priority.
     */
    this.schema.createTable('watch_providers', (table) => {
      table.integer('id').primary()
      table.string('name', 200).notNullable()
      table.string('logo_path', 255).nullable()
      table.integer('display_priority').notNullable().defaultTo(0)
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
    })

    this.schema.createTable('watch_provider_regions', (table) => {
      table.integer('provider_id').notNullable().references('watch_providers.id').onDelete('CASCADE')
      table.string('region', 2).notNullable()
      table.integer('display_priority').notNullable().defaultTo(0)
      table.primary(['region', 'provider_id'])
    })

    /*
     * One row per movie, region, provider and kind of offer. `first_seen_at`
     * is when the sync first saw this offer: an arrival (a new flatrate or
     * free offer of a movie whose providers were synced before) is what the
     * `availability` notification announces, named by this instant so it
     * is announced once.
     */
    this.schema.createTable('movie_watch_providers', (table) => {
      table.integer('movie_id').notNullable().references('movies.id').onDelete('CASCADE')
      table.string('region', 2).notNullable()
      table.integer('provider_id').notNullable().references('watch_providers.id').onDelete('CASCADE')
      table.string('kind', 16).notNullable()
      table.integer('display_priority').notNullable().defaultTo(0)
      table.timestamp('first_seen_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.primary(['movie_id', 'region', 'provider_id', 'kind'])
      // The `available_on` filter: movies of these providers in this region.
      table.index(['provider_id', 'region', 'movie_id'])
    })
    this.schema.raw(
      "ALTER TABLE movie_watch_providers ADD CONSTRAINT movie_watch_providers_kind_check CHECK (kind IN ('flatrate', 'rent', 'buy', 'free'))"
    )

    /** TMDB's page of a movie's offers in a region (`link`); one row per region with at least one offer. */
    this.schema.createTable('movie_watch_regions', (table) => {
      table.integer('movie_id').notNullable().references('movies.id').onDelete('CASCADE')
      table.string('region', 2).notNullable()
      table.string('link', 1000).nullable()
      table.primary(['movie_id', 'region'])
    })

    /** When the movie's providers were last synced (null: never, so the first sync announces nothing). */
    this.schema.alterTable('movies', (table) => {
      table.timestamp('watch_providers_synced_at', { useTz: true }).nullable()
    })

    /** The caller's streaming services (`/me/services`): a region and the providers they subscribe to there. */
    this.schema.createTable('user_streaming_settings', (table) => {
      table.integer('user_id').primary().references('users.id').onDelete('CASCADE')
      table.string('region', 2).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.createTable('user_streaming_services', (table) => {
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.integer('provider_id').notNullable().references('watch_providers.id').onDelete('CASCADE')
      table.primary(['user_id', 'provider_id'])
      table.index(['provider_id'])
    })
  }

  async down() {
    this.schema.dropTableIfExists('user_streaming_services')
    this.schema.dropTableIfExists('user_streaming_settings')
    this.schema.alterTable('movies', (table) => {
      table.dropColumn('watch_providers_synced_at')
    })
    this.schema.dropTableIfExists('movie_watch_regions')
    this.schema.dropTableIfExists('movie_watch_providers')
    this.schema.dropTableIfExists('watch_provider_regions')
    this.schema.dropTableIfExists('watch_providers')
  }
}
