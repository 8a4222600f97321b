import { inject } from '@adonisjs/core'
import db from '@adonisjs/lucid/services/db'
import emitter from '@adonisjs/core/services/emitter'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import { friendshipPair } from '#services/social/friendship_gate'
import { invalidateFeedsOf } from '#services/social/feed_cache'
import FeedWriter from '#services/social/feed_writer'
import { findUserOrFail } from '#services/social/friendship_service'
import BlockTransformer, { type BlockResource } from '#transformers/block_transformer'

export type { BlockResource }

/**
 * Blocks. Blocking ends the friendship and every pending request between
 * the two, in one transaction; from then on the blocked user sees nothing
 * of the blocker (friendship_gate hides profiles, lists, reviews, comments,
 * search results and feed items) and cannot befriend them.
 */
@inject()
export default class BlockService {
  constructor(protected feedWriter: FeedWriter) {}

  async list(user: User): Promise<{ data: BlockResource[] }> {
    const rows = await db
      .from('blocks')
      .join('users', 'users.id', 'blocks.blocked_id')
      .where('blocks.blocker_id', user.id)
      .select('users.id', 'users.username', 'users.display_name', 'users.avatar_path', 'blocks.created_at')
      .orderBy('blocks.created_at', 'desc')
    return { data: rows.map((row) => BlockTransformer.resource(row, row.created_at)) }
  }

  /** PUT: `created` false when the block was already there. */
  async block(user: User, targetId: number): Promise<{ created: boolean; block: BlockResource }> {
    if (targetId === user.id) {
      throw ApiException.validation([{ field: 'user_id', rule: 'not_self', message: 'You cannot block yourself' }])
    }
    const target = await findUserOrFail(targetId)
    const created = await db.transaction(async (trx) => {
      const inserted = await trx
        .table('blocks')
        .insert({ blocker_id: user.id, blocked_id: target.id })
        .onConflict(['blocker_id', 'blocked_id'])
        .ignore()
        .returning('blocker_id')
      await trx.from('friendships').where(friendshipPair(user.id, target.id)).delete()
      await this.feedWriter.prunePair(user.id, target.id, trx)
      await trx
        .from('friend_requests')
        .where((query) =>
          query
            .where({ from_user_id: user.id, to_user_id: target.id })
            .orWhere({ from_user_id: target.id, to_user_id: user.id })
        )
        .delete()
      return inserted.length > 0
    })
    // A block ends any friendship: both friend counts and friends_like lists change.
    await emitter.emit('user:library_changed', { userId: user.id, change: 'friendship' })
    await emitter.emit('user:library_changed', { userId: target.id, change: 'friendship' })
    const row = await db.from('blocks').where({ blocker_id: user.id, blocked_id: target.id }).select('created_at').firstOrFail()
    return {
      created,
      block: BlockTransformer.resource(
        { id: target.id, username: target.username, display_name: target.displayName, avatar_path: target.avatarPath },
        row.created_at
      ),
    }
  }

  async unblock(user: User, targetId: number) {
    const deleted = await db.from('blocks').where({ blocker_id: user.id, blocked_id: targetId }).delete()
    if (!Number(Array.isArray(deleted) ? deleted[0] : deleted)) throw ApiException.notFound('This user is not blocked')
    // Items about the other (a new friend of a friend) show again in both feeds.
    await invalidateFeedsOf([user.id, targetId])
  }
}
