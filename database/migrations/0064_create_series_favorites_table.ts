import { BaseSchema } from '@adonisjs/lucid/schema'

/** Favourite series (issue 9), beside the movie `favorites` table. */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('series_favorites', (table) => {
      table.bigIncrements('id')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.integer('series_id').notNullable().references('series.id').onDelete('CASCADE')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['user_id', 'series_id'])
      table.index(['series_id'])
    })
  }

  async down() {
    this.schema.dropTableIfExists('series_favorites')
  }
}
