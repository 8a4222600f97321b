import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    /*
     * A person's own TMDB page (/person/{id}), which the movie credits do not
     * carry: what GET /people/:id shows (API.md, "People and filmographies").
     * details_synced_at says the page was fetched; tmdb_status 'not_found'
     * (TMDB answered 404) stops the gap filling from asking again.
     */
    this.schema.alterTable('people', (table) => {
      table.text('biography').nullable()
      table.date('birthday').nullable()
      table.date('deathday').nullable()
      table.string('place_of_birth', 255).nullable()
      table.string('imdb_id', 16).nullable()
      // Ranks people in search ("by name match then popularity").
      table.double('popularity').notNullable().defaultTo(0)
      table.timestamp('details_synced_at', { useTz: true }).nullable()
      table.string('tmdb_status', 16).nullable()
      table.timestamp('tmdb_checked_at', { useTz: true }).nullable()
    })
    this.schema.raw(
      "ALTER TABLE people ADD CONSTRAINT people_tmdb_status_check CHECK (tmdb_status IS NULL OR tmdb_status IN ('not_found'))"
    )
    // The gap filling's scan: people linked to TMDB whose page was never fetched.
    this.schema.raw(
      'CREATE INDEX people_details_gap_idx ON people (id) WHERE details_synced_at IS NULL AND tmdb_id IS NOT NULL'
    )
  }

  async down() {
    this.schema.raw('DROP INDEX IF EXISTS people_details_gap_idx')
    this.schema.alterTable('people', (table) => {
      table.dropColumn('biography')
      table.dropColumn('birthday')
      table.dropColumn('deathday')
      table.dropColumn('place_of_birth')
      table.dropColumn('imdb_id')
      table.dropColumn('popularity')
      table.dropColumn('details_synced_at')
      table.dropColumn('tmdb_status')
      table.dropColumn('tmdb_checked_at')
    })
  }
}
