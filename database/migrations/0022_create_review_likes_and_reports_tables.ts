import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    // A review is the text of a rating, so a like points at the rating row.
    this.schema.createTable('review_likes', (table) => {
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.bigInteger('rating_id').notNullable().references('ratings.id').onDelete('CASCADE')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.primary(['user_id', 'rating_id'])
      table.index(['rating_id'])
    })

    /**
     * The moderation queue of the admin panel. The target is polymorphic
     * (no foreign key): a report outlives the content it is about, and keeps
     * a snapshot of what was reported.
     */
    this.schema.createTable('reports', (table) => {
      table.increments('id')
      table.integer('reporter_id').nullable().references('users.id').onDelete('SET NULL')
      table.enum('target_type', ['review', 'comment', 'list']).notNullable()
      table.bigInteger('target_id').notNullable()
      // Author of the reported content, for the moderator's context.
      table.integer('target_user_id').nullable().references('users.id').onDelete('SET NULL')
      table.text('target_snapshot').nullable()
      table.enum('reason', ['abuse', 'spoilers', 'spam', 'plagiarism', 'other']).notNullable()
      table.text('message').nullable()
      table.enum('status', ['open', 'dismissed', 'actioned']).notNullable().defaultTo('open')
      table.integer('resolved_by').nullable().references('users.id').onDelete('SET NULL')
      table.timestamp('resolved_at', { useTz: true }).nullable()
      table.text('resolution_note').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['status', 'created_at'])
      table.index(['target_type', 'target_id'])
    })
    // One open report per reporter and target; a resolved one may be reported again.
    this.schema.raw(
      `CREATE UNIQUE INDEX reports_open_unique ON reports (reporter_id, target_type, target_id) WHERE status = 'open'`
    )
  }

  async down() {
    this.schema.dropTableIfExists('reports')
    this.schema.dropTableIfExists('review_likes')
  }
}
