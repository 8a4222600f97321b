import { BaseSchema } from '@adonisjs/lucid/schema'

/** Favourite genres picked at onboarding or on the profile. */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('user_genres', (table) => {
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.integer('genre_id').notNullable().references('genres.id').onDelete('CASCADE')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.primary(['user_id', 'genre_id'])
      table.index(['genre_id'])
    })
  }

  async down() {
    this.schema.dropTableIfExists('user_genres')
  }
}
