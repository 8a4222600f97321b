import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    /*
     * Per-user notification preferences (GET/PATCH /me/notification-settings).
     * Only overrides are stored: a null channel (or no row) means the type's
     * default, so most users have no rows and a fan-out reads few. `type` is
     * a plain string, not the notifications CHECK list: new types need no
     * migration here (the API validates against NOTIFICATION_TYPES).
     */
    this.schema.createTable('notification_settings', (table) => {
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.string('type', 40).notNullable()
      table.boolean('in_app').nullable()
      table.boolean('email').nullable()
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.primary(['user_id', 'type'])
    })
  }

  async down() {
    this.schema.dropTableIfExists('notification_settings')
  }
}
