import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    /*
     * The friends feed, fanned out on write (app/jobs/feed_fan_out_job.ts):
     * one row per reader and activity, so reading a page is one short index
     * scan whatever the number of friends. Measured against fan-out on read
     * over activities (500 LATERAL index scans: ~23 ms of SQL per page).
     */
    this.schema.createTable('feed_items', (table) => {
      table.integer('owner_id').notNullable().references('users.id').onDelete('CASCADE')
      table.bigInteger('activity_id').notNullable().references('activities.id').onDelete('CASCADE')
      /** The friend who did it: unfriending and blocking delete by it. */
      table.integer('actor_id').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.primary(['owner_id', 'activity_id'])
      table.index(['owner_id', 'actor_id'])
    })
    this.schema.raw('CREATE INDEX feed_items_owner_recent ON feed_items (owner_id, created_at DESC, activity_id DESC)')
  }

  async down() {
    this.schema.dropTableIfExists('feed_items')
  }
}
