import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The IP blocklist (repeated failed logins / OTP attempts). PostgreSQL is the
 * record the admin panel reads; Redis mirrors active blocks for the hot path.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('ip_blocks', (table) => {
      table.bigIncrements('id')
      table.string('ip_address', 64).notNullable()
      table.string('reason', 64).notNullable()
      table.integer('failures').notNullable()
      table.timestamp('blocked_until', { useTz: true }).notNullable()
      // Set when an admin lifts the block early.
      table.timestamp('lifted_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['ip_address', 'blocked_until'])
    })
  }

  async down() {
    this.schema.dropTableIfExists('ip_blocks')
  }
}
