import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    /*
     * Progress of `node ace catalogue:bootstrap`, one row per step: a step
     * done for the same input is skipped on the next run, a step left
     * 'running' (interrupted) or 'failed' runs again. Steps whose progress
     * shows in the data itself (movies synced, series present, a model)
     * also derive what is left from the data, so they resume mid-way.
     */
    this.schema.createTable('bootstrap_steps', (table) => {
      table.string('name', 32).primary()
      table.string('status', 16).notNullable()
      table.text('input').nullable()
      table.jsonb('result').notNullable().defaultTo('{}')
      table.text('error').nullable()
      table.timestamp('started_at', { useTz: true }).notNullable()
      table.timestamp('finished_at', { useTz: true }).nullable()
    })
    this.schema.raw(
      "ALTER TABLE bootstrap_steps ADD CONSTRAINT bootstrap_steps_status_check CHECK (status IN ('running', 'done', 'failed'))"
    )
  }

  async down() {
    this.schema.dropTableIfExists('bootstrap_steps')
  }
}
