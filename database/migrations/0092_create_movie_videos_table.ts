import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    /*
     * A movie's trailers, teasers, clips and featurettes from TMDB's
     * `videos` (appended to the movie sync's GET /movie/{id}): what
     * MovieDetail.videos shows (API.md, "Trailers and watch providers").
     * Only the four types the contract names and the two sites we can link
     * to (YouTube, Vimeo) are kept. Replaced as a whole by a sync that
     * brought a different non-empty list, like the other relations.
     */
    this.schema.createTable('movie_videos', (table) => {
      table.increments('id')
      table.integer('movie_id').notNullable().references('movies.id').onDelete('CASCADE')
      // TMDB's own id of the video (a 24-character hex string).
      table.string('tmdb_id', 64).nullable()
      table.string('key', 255).notNullable()
      table.string('site', 16).notNullable()
      table.string('type', 16).notNullable()
      table.string('name', 500).notNullable()
      table.boolean('official').notNullable().defaultTo(false)
      table.timestamp('published_at', { useTz: true }).nullable()
      table.string('iso_639_1', 8).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      // One row per video of a movie; also the index of the detail's lookup by movie.
      table.unique(['movie_id', 'site', 'key'])
    })
    this.schema.raw(
      "ALTER TABLE movie_videos ADD CONSTRAINT movie_videos_site_check CHECK (site IN ('YouTube', 'Vimeo'))"
    )
    this.schema.raw(
      "ALTER TABLE movie_videos ADD CONSTRAINT movie_videos_type_check CHECK (type IN ('Trailer', 'Teaser', 'Clip', 'Featurette'))"
    )
  }

  async down() {
    this.schema.dropTableIfExists('movie_videos')
  }
}
