import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    /**
     * Trained recommender bundles, newest last. `artifact` is the whole
     * serialised bundle (typed arrays), so every server loads the same
     * version; failed runs are kept without one, for operators.
     */
    this.schema.createTable('recommender_models', (table) => {
      table.increments('id')
      table.string('version', 64).notNullable().unique()
      table.enum('status', ['ready', 'failed']).notNullable()
      table.string('engine', 32).notNullable()
      table.string('trigger', 32).notNullable().defaultTo('manual')
      table.integer('users').notNullable().defaultTo(0)
      table.integer('items').notNullable().defaultTo(0)
      table.integer('ratings').notNullable().defaultTo(0)
      table.integer('training_ms').notNullable().defaultTo(0)
      table.bigInteger('size_bytes').notNullable().defaultTo(0)
      table.bigInteger('memory_bytes').notNullable().defaultTo(0)
      table.jsonb('config').notNullable().defaultTo('{}')
      table.text('error').nullable()
      table.binary('artifact').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['status', 'id'])
    })

    /** "Not interested": a hidden movie never comes back in any recommendation list. */
    this.schema.createTable('hidden_recommendations', (table) => {
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.integer('movie_id').notNullable().references('movies.id').onDelete('CASCADE')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.primary(['user_id', 'movie_id'])
    })
  }

  async down() {
    this.schema.dropTableIfExists('hidden_recommendations')
    this.schema.dropTableIfExists('recommender_models')
  }
}
