import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    // Letterboxd / IMDb imports: progress and unmatched rows, written by the job.
    this.schema.createTable('data_imports', (table) => {
      table.increments('id')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.enum('source', ['letterboxd_diary', 'letterboxd_ratings', 'imdb_ratings']).notNullable()
      table.enum('status', ['queued', 'processing', 'completed', 'failed']).notNullable().defaultTo('queued')
      table.string('file_key', 255).nullable()
      table.string('file_name', 255).nullable()
      table.integer('total_rows').nullable()
      table.integer('processed_rows').notNullable().defaultTo(0)
      table.integer('matched_rows').notNullable().defaultTo(0)
      table.integer('unmatched_count').notNullable().defaultTo(0)
      table.integer('ratings_added').notNullable().defaultTo(0)
      table.integer('diary_entries_added').notNullable().defaultTo(0)
      table.integer('tags_added').notNullable().defaultTo(0)
      table.integer('skipped_existing').notNullable().defaultTo(0)
      table.jsonb('unmatched_rows').notNullable().defaultTo('[]')
      table.text('error').nullable()
      table.timestamp('started_at', { useTz: true }).nullable()
      table.timestamp('finished_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['user_id', 'created_at'])
    })

    // ZIP exports of a user's data, downloadable by the owner for 24 hours.
    this.schema.createTable('data_exports', (table) => {
      table.increments('id')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.enum('status', ['queued', 'processing', 'ready', 'failed', 'expired']).notNullable().defaultTo('queued')
      table.string('file_key', 255).nullable()
      table.bigInteger('size_bytes').nullable()
      table.text('error').nullable()
      table.timestamp('finished_at', { useTz: true }).nullable()
      table.timestamp('expires_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['user_id', 'created_at'])
      table.index(['status', 'expires_at'])
    })
  }

  async down() {
    this.schema.dropTableIfExists('data_exports')
    this.schema.dropTableIfExists('data_imports')
  }
}
