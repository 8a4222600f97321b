import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Series on the watchlist get the movie items' `watched` flag, so one
 * GET /me/watchlist can list and filter both kinds alike (issue 9).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('series_watchlist_items', (table) => {
      table.boolean('watched').notNullable().defaultTo(false)
      table.timestamp('watched_at', { useTz: true }).nullable()
      table.index(['user_id', 'created_at'])
    })
  }

  async down() {
    this.schema.alterTable('series_watchlist_items', (table) => {
      table.dropIndex(['user_id', 'created_at'])
      table.dropColumn('watched_at')
      table.dropColumn('watched')
    })
  }
}
