import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column, scope } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import User from '#models/user'

export const COMMENT_SORTS = ['-created_at', 'created_at'] as const
export type CommentSort = (typeof COMMENT_SORTS)[number]

/**
 * Who may comment on a review or a list (its `comment_policy`, set by the
 * owner): anyone who may see it, the owner's friends and the owner, or the
 * owner only. CommentPolicy.create applies it.
 */
export const COMMENT_POLICIES = ['anyone', 'friends', 'none'] as const
export type CommentPolicyValue = (typeof COMMENT_POLICIES)[number]

/** A comment on a movie, a list or a movie review (exactly one of movieId / listId / ratingId). */
export default class Comment extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare movieId: number | null

  @column()
  declare listId: number | null

  /** The review (its rating row) the comment discusses; bigint, so pg hands it back as a string. */
  @column({ consume: (value: string | number | null) => (value === null ? null : Number(value)) })
  declare ratingId: number | null

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

  /** Set when a moderator hid it: it leaves every listing and cannot be liked. */
  @column.dateTime()
  declare hiddenAt: DateTime | null

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

  /**
   * `likes` and `liked_by_me` (the viewer's like; false without a viewer)
   * as `$extras`, in the page's own query.
   */
  static withLikes = scope((query, viewerId: number | null) => {
    query.select(
      query.client.raw('(SELECT count(*) FROM comment_likes cl WHERE cl.comment_id = comments.id)::int AS likes')
    )
    if (viewerId === null) query.select(query.client.raw('false AS liked_by_me'))
    else {
      query.select(
        query.client.raw(
          'EXISTS (SELECT 1 FROM comment_likes ml WHERE ml.comment_id = comments.id AND ml.user_id = ?) AS liked_by_me',
          [viewerId]
        )
      )
    }
  })

  static sorted = scope((query, sort: CommentSort) => {
    const direction = sort === 'created_at' ? 'asc' : 'desc'
    query.orderBy('comments.created_at', direction).orderBy('comments.id', direction)
  })
}
