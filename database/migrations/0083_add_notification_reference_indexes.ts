import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Deleting an account removes the notifications that point at it (the
 * actor in `data.user`) or at comments that go with it (`data.comment_id`
 * of replies): these expression indexes keep that a lookup, not a scan.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(`CREATE INDEX notifications_actor ON notifications ((data -> 'user' ->> 'id'))`)
    this.schema.raw(
      `CREATE INDEX notifications_reply_comment ON notifications ((data ->> 'comment_id')) WHERE type = 'comment_reply'`
    )
  }

  async down() {
    this.schema.raw('DROP INDEX IF EXISTS notifications_reply_comment')
    this.schema.raw('DROP INDEX IF EXISTS notifications_actor')
  }
}
