import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  async up() {
    /**
     * Every moderator action of the admin panel. Append-only: a trigger
     * refuses UPDATE and DELETE, so the log cannot be rewritten by the app.
     */
    this.schema.createTable('audit_logs', (table) => {
      table.bigIncrements('id')
      // SET NULL is an UPDATE; the trigger lets exactly that through (an account deletion).
      table.integer('actor_id').nullable().references('users.id').onDelete('SET NULL')
      table.string('actor_username', 50).notNullable()
      table.string('action', 60).notNullable()
      table.string('target_type', 30).notNullable()
      table.string('target_id', 60).nullable()
      table.jsonb('details').notNullable().defaultTo('{}')
      table.string('ip_address', 64).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['created_at'])
      table.index(['actor_id', 'created_at'])
      table.index(['action', 'created_at'])
      table.index(['target_type', 'target_id'])
    })
    this.schema.raw(`
      CREATE OR REPLACE FUNCTION audit_logs_append_only() RETURNS trigger AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL AND OLD.actor_id IS NOT NULL
           AND NEW.action = OLD.action AND NEW.target_id IS NOT DISTINCT FROM OLD.target_id
           AND NEW.details = OLD.details AND NEW.created_at = OLD.created_at THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_logs is append-only';
      END;
      $$ LANGUAGE plpgsql
    `)
    this.schema.raw(`
      CREATE TRIGGER audit_logs_append_only BEFORE UPDATE OR DELETE ON audit_logs
      FOR EACH ROW EXECUTE FUNCTION audit_logs_append_only()
    `)

    // Moderators hide a review or comment without destroying it (reversible).
    this.schema.alterTable('ratings', (table) => {
      table.timestamp('hidden_at', { useTz: true }).nullable()
    })
    this.schema.alterTable('comments', (table) => {
      table.timestamp('hidden_at', { useTz: true }).nullable()
    })
  }

  async down() {
    this.schema.alterTable('comments', (table) => table.dropColumn('hidden_at'))
    this.schema.alterTable('ratings', (table) => table.dropColumn('hidden_at'))
    this.schema.dropTableIfExists('audit_logs')
    this.schema.raw('DROP FUNCTION IF EXISTS audit_logs_append_only()')
  }
}
