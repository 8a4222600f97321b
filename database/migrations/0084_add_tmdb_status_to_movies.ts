import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    /*
     * What TMDB said the last time we asked about the movie's tmdb_id:
     * null (never asked, or found), 'not_found' (TMDB answered 404). Syncs
     * skip 'not_found' movies, so a MovieLens link TMDB no longer knows is
     * asked about once instead of failing on every run.
     */
    this.schema.alterTable('movies', (table) => {
      table.string('tmdb_status', 16).nullable()
      table.timestamp('tmdb_checked_at', { useTz: true }).nullable()
    })
    this.schema.raw(
      "ALTER TABLE movies ADD CONSTRAINT movies_tmdb_status_check CHECK (tmdb_status IS NULL OR tmdb_status IN ('not_found'))"
    )
  }

  async down() {
    this.schema.alterTable('movies', (table) => {
      table.dropColumn('tmdb_status')
      table.dropColumn('tmdb_checked_at')
    })
  }
}
