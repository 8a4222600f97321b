import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * One pending (queued or processing) export per user, held by the database:
 * 15 parallel POST /me/export used to create 15. Older duplicates already
 * stored are marked failed first so the index can be built.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.raw(
      `UPDATE data_exports d SET status = 'failed', error = 'Superseded by a concurrent request', finished_at = now()
          WHERE d.status IN ('queued', 'processing')
          AND EXISTS (SELECT 1 FROM data_exports o WHERE o.user_id = d.user_id AND o.status IN ('queued', 'processing') AND o.id < d.id)`
    )
    this.schema.raw(
      `CREATE UNIQUE INDEX data_exports_one_pending ON data_exports (user_id) WHERE status IN ('queued', 'processing')`
    )
  }

  async down() {
    this.schema.raw('DROP INDEX IF EXISTS data_exports_one_pending')
  }
}
