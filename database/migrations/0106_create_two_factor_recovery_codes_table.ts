import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    /*
     * The ten recovery codes an enable shows once. Only their hashes are
     * stored (the app's hash service, scrypt); each works once (`used_at`).
     * Disabling two-factor sign-in, or enabling it again, deletes them.
     */
    this.schema.createTable('two_factor_recovery_codes', (table) => {
      table.bigIncrements('id')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.string('code_hash', 255).notNullable()
      table.timestamp('used_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['user_id'])
    })
  }

  async down() {
    this.schema.dropTableIfExists('two_factor_recovery_codes')
  }
}
