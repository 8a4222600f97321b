import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Who may comment on a review (a movie rating's text) or a list, set by its
 * owner: `anyone`, `friends` (the owner's friends and the owner) or `none`
 * (the owner only). CommentPolicy.create applies it.
 */
export default class extends BaseSchema {
  async up() {
    for (const tableName of ['ratings', 'lists']) {
      this.schema.alterTable(tableName, (table) => {
        table.string('comment_policy', 16).notNullable().defaultTo('anyone')
      })
      this.schema.raw(
        `ALTER TABLE ${tableName} ADD CONSTRAINT ${tableName}_comment_policy_values CHECK (comment_policy IN ('anyone', 'friends', 'none'))`
      )
    }
  }

  async down() {
    for (const tableName of ['lists', 'ratings']) {
      this.schema.alterTable(tableName, (table) => table.dropColumn('comment_policy'))
    }
  }
}
