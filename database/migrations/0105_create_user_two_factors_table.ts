import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    /*
     * Two-factor sign-in (TOTP, RFC 6238), one row per user who started a
     * setup. Secrets are stored encrypted with the app's encryption service
     * (APP_KEY), never in clear. `pending_secret` is the one a setup handed
     * out and an enable has not confirmed yet; `secret` is the active one
     * (set with `enabled_at`). `last_used_step` is the TOTP time step of the
     * last code accepted: a code of that step or an earlier one never works
     * again (no replay within its window).
     */
    this.schema.createTable('user_two_factors', (table) => {
      table.integer('user_id').primary().references('users.id').onDelete('CASCADE')
      table.text('secret').nullable()
      table.text('pending_secret').nullable()
      table.timestamp('enabled_at', { useTz: true }).nullable()
      table.integer('last_used_step').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.raw(
      'ALTER TABLE user_two_factors ADD CONSTRAINT user_two_factors_enabled_check CHECK ((enabled_at IS NULL) = (secret IS NULL))'
    )
  }

  async down() {
    this.schema.dropTableIfExists('user_two_factors')
  }
}
