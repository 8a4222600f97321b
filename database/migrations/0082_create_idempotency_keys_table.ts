import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Idempotency-Key records (app/services/http/idempotency_keys.ts): one per user
 * and key for 24 hours, holding the first successful response to replay.
 * In PostgreSQL rather than Redis so they survive a Redis restart without
 * persistence and disappear with the user (ON DELETE CASCADE).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('idempotency_keys', (table) => {
      table.bigIncrements('id')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.string('key', 128).notNullable()
      /** Route name of the first request (for the mismatch message). */
      table.string('route', 200).notNullable()
      /** sha256 of method, route, params and body of the first request. */
      table.string('fingerprint', 64).notNullable()
      /** Null while the first request is in flight. */
      table.smallint('response_status').nullable()
      table.jsonb('response_body').nullable()
      table.timestamp('completed_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.unique(['user_id', 'key'])
      table.index(['expires_at'])
    })
  }

  async down() {
    this.schema.dropTableIfExists('idempotency_keys')
  }
}
