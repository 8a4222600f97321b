import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column, scope } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import User from '#models/user'

export const COMMENT_SORTS = ['-created_at', 'created_at'] as const
export type CommentSort = (typeof COMMENT_SORTS)[number]

/** A comment on a movie or on a list (exactly one of movieId / listId). */
export default class Comment extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare movieId: number | null

  @column()
  declare listId: number | null

  @column()
  declare parentId: number | null

  /** Null once deleted (the row stays as a "[deleted]" placeholder while it has replies). */
  @column()
  declare body: string | null

  @column.dateTime()
  declare editedAt: DateTime | null

  @column.dateTime()
  declare deletedAt: DateTime | null

  @column()
  declare deletedBy: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => User)
  declare user: BelongsTo<typeof User>

  get isDeleted() {
    return Boolean(this.deletedAt)
  }

  /** `replies_count` (direct replies, placeholders included) as `$extras`. */
  static withRepliesCount = scope((query) => {
    query
      .select('comments.*')
      .select(
        query.client.raw(
          '(SELECT count(*) FROM comments r WHERE r.parent_id = comments.id)::int AS replies_count'
        )
      )
  })

  static sorted = scope((query, sort: CommentSort) => {
    const direction = sort === 'created_at' ? 'asc' : 'desc'
    query.orderBy('comments.created_at', direction).orderBy('comments.id', direction)
  })
}
