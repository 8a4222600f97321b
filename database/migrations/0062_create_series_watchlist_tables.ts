import { BaseSchema } from '@adonisjs/lucid/schema'

/** Series on a user's watchlist and the episodes they watched (issue 9). */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('series_watchlist_items', (table) => {
      table.bigIncrements('id')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.integer('series_id').notNullable().references('series.id').onDelete('CASCADE')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['user_id', 'series_id'])
    })

    this.schema.createTable('episode_watches', (table) => {
      table.bigIncrements('id')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.integer('episode_id').notNullable().references('episodes.id').onDelete('CASCADE')
      // Denormalised: "next episode to watch" reads one user's watches of one show.
      table.integer('series_id').notNullable().references('series.id').onDelete('CASCADE')
      table.timestamp('watched_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['user_id', 'episode_id'])
      table.index(['user_id', 'series_id'])
    })
  }

  async down() {
    this.schema.dropTableIfExists('episode_watches')
    this.schema.dropTableIfExists('series_watchlist_items')
  }
}
