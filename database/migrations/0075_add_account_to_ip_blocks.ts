import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Sign-in lockouts are per account and IP, with a higher IP-only ceiling:
 * `account` names the account a block applies to (`user:<id>`, or
 * `login:<name>` for a login that matches nobody); null blocks the whole IP.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('ip_blocks', (table) => {
      table.string('account', 300).nullable()
    })
  }

  async down() {
    this.schema.alterTable('ip_blocks', (table) => {
      table.dropColumn('account')
    })
  }
}
