import { DateTime } from 'luxon'
import { BaseModel, afterDelete, afterSave, belongsTo, column, hasMany, scope } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import User from '#models/user'
import ListItem from '#models/list_item'
import type { CommentPolicyValue } from '#models/comment'
import { invalidateFeedActorQuietly } from '#services/social/feed_cache'

export const LIST_PRIVACIES = ['private', 'link', 'friends', 'public'] as const
export type ListPrivacy = (typeof LIST_PRIVACIES)[number]

export const LIST_SORTS = ['-created_at', 'created_at', '-updated_at', '-likes', 'title'] as const
export type ListSort = (typeof LIST_SORTS)[number]

export default class List extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare title: string

  @column()
  declare description: string | null

  @column()
  declare privacy: ListPrivacy

  @column()
  declare ranked: boolean

  /** Who may comment on it (CommentPolicy.create); 'anyone' by default. */
  @column()
  declare commentPolicy: CommentPolicyValue

  @column({ serializeAs: null })
  declare shareToken: string

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  /**
   * A list in friends' feeds (title, privacy, existence) is cached there
   * (app/services/social/feed_cache.ts); after commit too.
   */
  @afterSave()
  @afterDelete()
  static async forgetFeedPages(list: List) {
    await invalidateFeedActorQuietly(list.userId)
    list.$trx?.after('commit', () => invalidateFeedActorQuietly(list.userId))
  }

  @belongsTo(() => User)
  declare user: BelongsTo<typeof User>

  @hasMany(() => ListItem)
  declare items: HasMany<typeof ListItem>

  /** items_count, likes_count and comments_count as `$extras`. */
  static withCounts = scope((query) => {
    query
      .select('lists.*')
      .select(
        query.client.raw('(SELECT count(*) FROM list_items li WHERE li.list_id = lists.id)::int AS items_count'),
        query.client.raw('(SELECT count(*) FROM list_likes ll WHERE ll.list_id = lists.id)::int AS likes_count'),
        query.client.raw(
          '(SELECT count(*) FROM comments c WHERE c.list_id = lists.id AND c.deleted_at IS NULL)::int AS comments_count'
        )
      )
  })

  /**
   * Lists `viewerId` may see in listings: public ones, the viewer's own, and
   * `friends` lists of the viewer's friends. `link` lists never show up in
   * listings (only through their token), except to their owner.
   */
  static visibleInListings = scope(
    (query, viewerId: number | null, friendIds: number[], hiddenUserIds: number[]) => {
      query.where((visible) => {
        visible.where('lists.privacy', 'public')
        if (viewerId !== null) visible.orWhere('lists.user_id', viewerId)
        if (friendIds.length) {
          visible.orWhere((friends) =>
            friends.where('lists.privacy', 'friends').whereIn('lists.user_id', friendIds)
          )
        }
      })
      if (hiddenUserIds.length) query.whereNotIn('lists.user_id', hiddenUserIds)
    }
  )

  /** Lists holding the movie. */
  static containingMovie = scope((query, movieId: number) => {
    query.whereExists((items) =>
      items.from('list_items').whereColumn('list_items.list_id', 'lists.id').where('list_items.movie_id', movieId)
    )
  })

  static sorted = scope((query, sort: ListSort) => {
    switch (sort) {
      case 'created_at':
        query.orderBy('lists.created_at', 'asc')
        break
      case '-updated_at':
        query.orderBy('lists.updated_at', 'desc')
        break
      case '-likes':
        query.orderByRaw('(SELECT count(*) FROM list_likes ll WHERE ll.list_id = lists.id) DESC')
        break
      case 'title':
        query.orderByRaw('lower(lists.title) ASC')
        break
      default:
        query.orderBy('lists.created_at', 'desc')
    }
    query.orderBy('lists.id', 'desc')
  })
}
