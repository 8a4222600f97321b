import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    this.schema.raw('CREATE EXTENSION IF NOT EXISTS citext')

    this.schema.createTable('users', (table) => {
      table.increments('id')
      table.specificType('username', 'citext').notNullable().unique()
      table.specificType('email', 'citext').nullable().unique()
      // Null for MovieLens placeholder accounts: they can never log in.
      table.string('password').nullable()
      table.string('display_name', 100).nullable()
      table.string('first_name', 100).nullable()
      table.string('last_name', 100).nullable()
      table.text('bio').nullable()
      table.string('avatar_path').nullable()
      table.date('birth_date').nullable()
      table.boolean('is_private').notNullable().defaultTo(false)
      table.enum('role', ['user', 'moderator', 'admin']).notNullable().defaultTo('user')
      table.string('preferred_language', 10).notNullable().defaultTo('en')
      table.enum('maturity_filter', ['all', 'teen', 'adult']).notNullable().defaultTo('all')
      table.timestamp('email_verified_at', { useTz: true }).nullable()
      table.timestamp('suspended_at', { useTz: true }).nullable()
      table.integer('movielens_user_id').nullable().unique()
      table.boolean('is_placeholder').notNullable().defaultTo(false)
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
    })

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

  async down() {
    this.schema.dropTable('auth_access_tokens')
    this.schema.dropTable('users')
  }
}
