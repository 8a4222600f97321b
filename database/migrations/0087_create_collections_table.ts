import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    /*
     * TMDB collections (franchises: "Toy Story Collection"). A movie's sync
     * creates the row from its `belongs_to_collection` (name and images) and
     * links the movie; the collection's own page (/collection/{id}: overview,
     * parts) fills the rest and links the parts we have. synced_at says the
     * page was fetched; tmdb_status 'not_found' stops asking.
     */
    this.schema.createTable('collections', (table) => {
      table.increments('id')
      table.integer('tmdb_id').notNullable().unique()
      table.string('name', 500).notNullable()
      table.text('overview').nullable()
      table.string('poster_path').nullable()
      table.string('backdrop_path').nullable()
      table.timestamp('synced_at', { useTz: true }).nullable()
      table.string('tmdb_status', 16).nullable()
      table.timestamp('tmdb_checked_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.raw(
      "ALTER TABLE collections ADD CONSTRAINT collections_tmdb_status_check CHECK (tmdb_status IS NULL OR tmdb_status IN ('not_found'))"
    )
    this.schema.alterTable('movies', (table) => {
      table.integer('collection_id').nullable().references('collections.id').onDelete('SET NULL')
      table.index(['collection_id'])
    })
  }

  async down() {
    this.schema.alterTable('movies', (table) => {
      table.dropColumn('collection_id')
    })
    this.schema.dropTableIfExists('collections')
  }
}
