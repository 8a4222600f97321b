import { BaseSchema } from '@adonisjs/lucid/schema'

export const ACTIVITY_TYPES = ['rating', 'review', 'diary_entry', 'watchlist_add', 'list_created', 'friendship'] as const
export const NOTIFICATION_TYPES = [
  'movie_added',
  'movie_recommendation',
  'system_update',
  'favorite_update',
  'friend_request',
  'friend_accepted',
  'chat_message',
  'comment_reply',
] as const

export default class extends BaseSchema {
  async up() {
    // Pending requests only: accepting, declining or cancelling deletes the row.
    this.schema.createTable('friend_requests', (table) => {
      table.increments('id')
      table.integer('from_user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.integer('to_user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.index(['to_user_id', 'created_at'])
      table.index(['from_user_id', 'created_at'])
    })
    this.schema.raw('ALTER TABLE friend_requests ADD CONSTRAINT friend_requests_not_self CHECK (from_user_id <> to_user_id)')
    // One pending request per pair, whichever way it goes (concurrent A→B and B→A end as one).
    this.schema.raw(
      'CREATE UNIQUE INDEX friend_requests_pair_unique ON friend_requests (LEAST(from_user_id, to_user_id), GREATEST(from_user_id, to_user_id))'
    )

    // A friendship is stored once per pair, the lower id first.
    this.schema.createTable('friendships', (table) => {
      table.integer('user_low_id').notNullable().references('users.id').onDelete('CASCADE')
      table.integer('user_high_id').notNullable().references('users.id').onDelete('CASCADE')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.primary(['user_low_id', 'user_high_id'])
      table.index(['user_high_id'])
    })
    this.schema.raw('ALTER TABLE friendships ADD CONSTRAINT friendships_ordered CHECK (user_low_id < user_high_id)')

    this.schema.createTable('blocks', (table) => {
      table.integer('blocker_id').notNullable().references('users.id').onDelete('CASCADE')
      table.integer('blocked_id').notNullable().references('users.id').onDelete('CASCADE')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.primary(['blocker_id', 'blocked_id'])
      table.index(['blocked_id'])
    })
    this.schema.raw('ALTER TABLE blocks ADD CONSTRAINT blocks_not_self CHECK (blocker_id <> blocked_id)')

    // The feed: what a user did, read by their friends (fan-out on read).
    this.schema.createTable('activities', (table) => {
      table.bigIncrements('id')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.enum('type', [...ACTIVITY_TYPES], { useNative: false, enumName: 'activity_type' }).notNullable()
      /** ratings.id (rating, review), diary_entries.id, watchlist_items.id, lists.id, or the new friend's users.id. */
      table.integer('subject_id').notNullable()
      table.integer('movie_id').nullable().references('movies.id').onDelete('CASCADE')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
      table.unique(['user_id', 'type', 'subject_id'])
    })
    this.schema.raw('CREATE INDEX activities_user_feed ON activities (user_id, created_at DESC, id DESC)')

    this.schema.createTable('notifications', (table) => {
      table.bigIncrements('id')
      table.integer('user_id').notNullable().references('users.id').onDelete('CASCADE')
      table.enum('type', [...NOTIFICATION_TYPES], { useNative: false, enumName: 'notification_type' }).notNullable()
      table.string('title', 200).notNullable()
      table.text('message').notNullable()
      table.timestamp('read_at', { useTz: true }).nullable()
      table.integer('movie_id').nullable().references('movies.id').onDelete('SET NULL')
      table.string('image', 500).nullable()
      table.jsonb('data').notNullable().defaultTo('{}')
      table.timestamp('created_at', { useTz: true }).notNullable().defaultTo(this.now())
    })
    this.schema.raw('CREATE INDEX notifications_user_recent ON notifications (user_id, created_at DESC, id DESC)')
    this.schema.raw('CREATE INDEX notifications_user_unread ON notifications (user_id) WHERE read_at IS NULL')
  }

  async down() {
    this.schema.dropTableIfExists('notifications')
    this.schema.dropTableIfExists('activities')
    this.schema.dropTableIfExists('blocks')
    this.schema.dropTableIfExists('friendships')
    this.schema.dropTableIfExists('friend_requests')
  }
}
