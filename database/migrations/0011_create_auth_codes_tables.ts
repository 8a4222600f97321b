import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * One-time codes sent by mail: password resets and email verification.
 * Codes and reset tokens are stored as keyed hashes only.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('password_resets', (table) => {
      table.bigIncrements('id')
      // Null for an unknown email: the reset looks real but no code can match.
      table.integer('user_id').nullable().references('users.id').onDelete('CASCADE')
      table.string('token_hash', 64).notNullable().unique()
      table.string('otp_hash', 64).notNullable()
      table.string('ip_address', 64).notNullable()
      table.smallint('attempts').notNullable().defaultTo(0)
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('verified_at', { useTz: true }).nullable()
      table.timestamp('used_at', { useTz: true }).nullable()
      table.timestamp('revoked_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['user_id'])
    })

    this.schema.createTable('email_verifications', (table) => {
      table.bigIncrements('id')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      // The address the code was sent to: changing the email voids the code.
      table.specificType('email', 'citext').notNullable()
      table.string('code_hash', 64).notNullable()
      table.smallint('attempts').notNullable().defaultTo(0)
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('consumed_at', { useTz: true }).nullable()
      table.timestamp('revoked_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['user_id'])
    })
  }

  async down() {
    this.schema.dropTableIfExists('email_verifications')
    this.schema.dropTableIfExists('password_resets')
  }
}
