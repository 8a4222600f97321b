import { BaseSchema } from '@adonisjs/lucid/schema'

/** notifications.type as of this migration: 0040's list plus `availability`. */
const TYPES = [
  'movie_added',
  'movie_recommendation',
  'system_update',
  'favorite_update',
  'friend_request',
  'friend_accepted',
  'chat_message',
  'comment_reply',
  'availability',
]

export default class extends BaseSchema {
  async up() {
    /*
     * `availability`: a movie on the user's watchlist arrived on one of their
     * streaming services (TMDB sync). The column's CHECK (from the enum of
     * 0040) gets the new type; the index finds an arrival's notifications.
     */
    this.schema.raw('ALTER TABLE notifications DROP CONSTRAINT IF EXISTS notifications_type_check')
    this.schema.raw(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_type_check CHECK (type IN (${TYPES.map((type) => `'${type}'`).join(', ')}))`
    )
    this.schema.raw(
      `CREATE INDEX notifications_availability_arrival ON notifications ((data ->> 'arrival')) WHERE type = 'availability'`
    )
  }

  async down() {
    this.schema.raw('DROP INDEX IF EXISTS notifications_availability_arrival')
    this.schema.raw(`DELETE FROM notifications WHERE type = 'availability'`)
    this.schema.raw('ALTER TABLE notifications DROP CONSTRAINT IF EXISTS notifications_type_check')
    const previous = TYPES.filter((type) => type !== 'availability')
    this.schema.raw(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_type_check CHECK (type IN (${previous.map((type) => `'${type}'`).join(', ')}))`
    )
  }
}
