import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Refresh grace window (issue 17): a rotated token remembers the pair that
 * replaced it, sealed with a key derived from the old token itself (never
 * stored), so the same old token presented again within a few seconds — two
 * tabs refreshing at once — gets the same new pair instead of ending the
 * session. The database alone cannot open it.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('refresh_tokens', (table) => {
      table.bigInteger('successor_id').nullable().references('refresh_tokens.id').onDelete('SET NULL')
      table.text('successor_sealed').nullable()
    })
  }

  async down() {
    this.schema.alterTable('refresh_tokens', (table) => {
      table.dropColumn('successor_sealed')
      table.dropColumn('successor_id')
    })
  }
}
