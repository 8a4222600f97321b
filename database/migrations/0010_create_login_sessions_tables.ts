import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Login sessions of the JWT guard and their rotating refresh tokens. The
 * access-tokens table of the scaffold goes: the API has one auth system.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.dropTableIfExists('auth_access_tokens')

    this.schema.createTable('login_sessions', (table) => {
      table.increments('id')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.string('device_name', 100).nullable()
      table.enum('platform', ['web', 'mobile-app']).nullable()
      table.string('ip_address', 64).nullable()
      table.string('user_agent', 512).nullable()
      table.enum('status', ['active', 'revoked']).notNullable().defaultTo('active')
      // logout, revoked, password_change, password_reset, refresh_token_reuse, account_deleted
      table.string('revoked_reason', 32).nullable()
      table.timestamp('session_start', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(this.now())
      // Sliding: each refresh pushes it 30 days out.
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('revoked_at', { useTz: true }).nullable()
      table.index(['user_id', 'status'])
    })

    this.schema.createTable('refresh_tokens', (table) => {
      table.bigIncrements('id')
      table.integer('session_id').notNullable().references('login_sessions.id').onDelete('CASCADE')
      // sha256 of the opaque token; the token itself is never stored.
      table.string('token_hash', 64).notNullable().unique()
      // rotated: used once and replaced (a second use is reuse → session revoked)
      table.enum('status', ['active', 'rotated', 'revoked']).notNullable().defaultTo('active')
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.timestamp('used_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['session_id', 'status'])
    })
  }

  async down() {
    this.schema.dropTableIfExists('refresh_tokens')
    this.schema.dropTableIfExists('login_sessions')
    this.schema.createTable('auth_access_tokens', (table) => {
      table.increments('id')
      table.integer('tokenable_id').notNullable().references('users.id').onDelete('CASCADE')
      table.string('type').notNullable()
      table.string('name').nullable()
      table.string('hash').notNullable()
      table.text('abilities').notNullable()
      table.timestamp('created_at', { useTz: true })
      table.timestamp('updated_at', { useTz: true })
      table.timestamp('last_used_at', { useTz: true }).nullable()
      table.timestamp('expires_at', { useTz: true }).nullable()
    })
  }
}
