import { BaseSchema } from '@adonisjs/lucid/schema'

/** "Not interested" for series: a hidden show never comes back in the caller's series recommendations. */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('series_hidden_recommendations', (table) => {
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.integer('series_id').notNullable().references('series.id').onDelete('CASCADE')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.primary(['user_id', 'series_id'])
    })
  }

  async down() {
    this.schema.dropTableIfExists('series_hidden_recommendations')
  }
}
