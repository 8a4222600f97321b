import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    /*
     * Email digests of notifications. `notification_email_items` holds what
     * is waiting for a user's next digest (written next to the in-app row,
     * or alone when the type is off in-app but on by email); the digest job
     * deletes what it mailed. `group_key` names what an entry stands for (a
     * chat conversation, else the notification itself): a newer entry for a
     * conversation replaces the waiting one, and a retried fan-out job
     * rewrites its entries instead of adding them twice. `notification_digests` records each digest
     * sent: one per user and UTC day, enforced by the unique key, so a
     * restart or a retried job never mails twice in a day.
     */
    this.schema.createTable('notification_email_items', (table) => {
      table.bigIncrements('id')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.string('type', 40).notNullable()
      table.string('title', 200).notNullable()
      table.text('message').notNullable()
      table.string('group_key', 200).notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['user_id', 'group_key'])
    })

    this.schema.createTable('notification_digests', (table) => {
      table.bigIncrements('id')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.date('day').notNullable()
      table.integer('item_count').notNullable()
      table.timestamp('sent_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['user_id', 'day'])
    })
  }

  async down() {
    this.schema.dropTableIfExists('notification_digests')
    this.schema.dropTableIfExists('notification_email_items')
  }
}
