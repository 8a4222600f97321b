import { inject } from '@adonisjs/core'
import db from '@adonisjs/lucid/services/db'
import emitter from '@adonisjs/core/services/emitter'
import User from '#models/user'
import ApiException from '#exceptions/api_exception'
import SocialNotificationJob from '#jobs/social_notification_job'
import FeedFanOutJob from '#jobs/feed_fan_out_job'
import { isUniqueViolation } from '#services/auth/availability'
import { areFriends, friendshipPair } from '#services/social/friendship_gate'
import UserPolicy from '#policies/user_policy'
import { bouncerFor } from '#policies/bouncer_for'
import { paginationMeta, type Page, type PageRequest } from '#services/http/pagination'
import { recordActivity } from '#services/social/activities'
import FeedWriter from '#services/social/feed_writer'
import UserSummaryTransformer, { type UserSummary } from '#transformers/user_summary_transformer'
import FriendTransformer, { type Friend, type FriendRequestResource, type FriendshipState } from '#transformers/friend_transformer'

export type { Friend, FriendRequestResource, FriendshipState }

interface RequestRow {
  id: number
  from_user_id: number
  to_user_id: number
  created_at: Date
}

/** A real (non-placeholder) account, or a 404. */
export async function findUserOrFail(userId: number): Promise<User> {
  const user = await User.query().apply((scopes) => scopes.realAccounts()).where('id', userId).first()
  if (!user) throw ApiException.notFound('User not found')
  return user
}

const userColumns = ['users.id', 'users.username', 'users.display_name', 'users.avatar_path'] as const

/** UserSummary of a raw `users` row (UserTransformer.summaryOfRow). */
export const summaryOfRow = UserSummaryTransformer.summaryOfRow

/** UserSummary of each id (one query). */
export async function userSummaries(ids: number[]): Promise<Map<number, UserSummary>> {
  const unique = [...new Set(ids)]
  if (!unique.length) return new Map()
  const rows = await db.from('users').whereIn('id', unique).select(...userColumns)
  return new Map(rows.map((row) => [row.id, summaryOfRow(row)]))
}

/**
 * Friend requests and friendships. A pending request is one row (one per
 * pair, whichever direction: unique index); accepting turns it into one
 * friendships row (lower id first). A request to someone who already asked
 * the caller is a 409 pointing at that request (`details`/`request_id`):
 * accepting stays an explicit act of the recipient.
 */
@inject()
export default class FriendshipService {
  constructor(protected feedWriter: FeedWriter) {}

  async sendRequest(from: User, toUserId: number): Promise<FriendRequestResource> {
    if (toUserId === from.id) {
      throw ApiException.validation([{ field: 'id', rule: 'not_self', message: 'You cannot befriend yourself' }])
    }
    const target = await findUserOrFail(toUserId)
    await bouncerFor(from).with(UserPolicy).authorize('befriend', target)
    if (await areFriends(from.id, target.id)) throw ApiException.conflict('You are already friends')
    await this.assertNoPending(from.id, target.id)

    let row: RequestRow
    try {
      ;[row] = await db
        .table('friend_requests')
        .insert({ from_user_id: from.id, to_user_id: target.id })
        .returning(['id', 'from_user_id', 'to_user_id', 'created_at'])
    } catch (error) {
      // A concurrent request of the same pair (either direction) won the race.
      if (isUniqueViolation(error)) await this.assertNoPending(from.id, target.id)
      throw error
    }
    await SocialNotificationJob.dispatch({
      event: 'friend_request',
      recipientId: target.id,
      actorId: from.id,
      requestId: row.id,
    })
    return (await this.serializeRequests([row]))[0]
  }

  private async assertNoPending(fromId: number, toId: number) {
    const pending: RequestRow | null = await db
      .from('friend_requests')
      .where((query) =>
        query.where({ from_user_id: fromId, to_user_id: toId }).orWhere({ from_user_id: toId, to_user_id: fromId })
      )
      .first()
    if (!pending) return
    if (pending.from_user_id === fromId) throw ApiException.conflict('A friend request to this user is already pending')
    throw new ApiException('This user already sent you a friend request: accept it instead', {
      status: 409,
      code: 'E_CONFLICT',
      details: [{ field: 'id', rule: 'incoming_request', message: `Pending incoming request ${pending.id}` }],
      extra: { request_id: pending.id },
    })
  }

  /** The recipient accepts: the request becomes a friendship (200 with the new friend). */
  async accept(user: User, requestId: number): Promise<Friend> {
    const { request, since } = await db.transaction(async (trx) => {
      const found: RequestRow | null = await trx
        .from('friend_requests')
        .where({ id: requestId, to_user_id: user.id })
        .forUpdate()
        .first()
      if (!found) throw ApiException.notFound('Friend request not found')
      await trx.from('friend_requests').where('id', found.id).delete()
      const [friendship] = await trx
        .table('friendships')
        .insert(friendshipPair(found.from_user_id, found.to_user_id))
        .onConflict(['user_low_id', 'user_high_id'])
        .merge(['user_low_id'])
        .returning(['created_at'])
      return { request: found, since: friendship.created_at as Date }
    })
    // Backfill first, so the new-friendship items fan out into already-filled feeds.
    await FeedFanOutJob.dispatch({ kind: 'friendship', userA: request.from_user_id, userB: request.to_user_id })
    await recordActivity(request.from_user_id, 'friendship', request.to_user_id)
    await recordActivity(request.to_user_id, 'friendship', request.from_user_id)
    await emitFriendshipChanged(request.from_user_id, request.to_user_id)
    await SocialNotificationJob.dispatch({
      event: 'friend_accepted',
      recipientId: request.from_user_id,
      actorId: user.id,
      requestId: request.id,
    })
    const friend = (await userSummaries([request.from_user_id])).get(request.from_user_id)!
    return FriendTransformer.friend(friend, since)
  }

  /** Declines an incoming or cancels an outgoing request; anyone else's is a 404. */
  async discard(user: User, requestId: number) {
    const deleted = await db
      .from('friend_requests')
      .where('id', requestId)
      .where((query) => query.where('from_user_id', user.id).orWhere('to_user_id', user.id))
      .delete()
    if (!Number(Array.isArray(deleted) ? deleted[0] : deleted)) throw ApiException.notFound('Friend request not found')
  }

  async unfriend(user: User, otherId: number) {
    const deleted = await db.from('friendships').where(friendshipPair(user.id, otherId)).delete()
    if (!Number(Array.isArray(deleted) ? deleted[0] : deleted)) throw ApiException.notFound('You are not friends with this user')
    await this.feedWriter.prunePair(user.id, otherId)
    await emitFriendshipChanged(user.id, otherId)
  }

  /** `userId`'s friends, newest friendship first, minus users hidden from the viewer. */
  async friendsOf(userId: number, hidden: number[], page: PageRequest, path: string, query: Record<string, unknown>): Promise<Page<Friend>> {
    const friends = db
      .from('friendships')
      .where('user_low_id', userId)
      .select('user_high_id as friend_id', 'created_at')
      .unionAll((union) => union.from('friendships').where('user_high_id', userId).select('user_low_id as friend_id', 'created_at'))
    const base = db
      .from(friends.as('f'))
      .join('users', 'users.id', 'f.friend_id')
      .if(hidden.length > 0, (q) => q.whereNotIn('users.id', hidden))
    const [totalRow, rows] = await Promise.all([
      base.clone().count('* as total').first(),
      base
        .clone()
        .select(...userColumns, 'f.created_at as friends_since')
        .orderBy('f.created_at', 'desc')
        .orderBy('users.id', 'asc')
        .offset((page.page - 1) * page.perPage)
        .limit(page.perPage),
    ])
    return {
      data: rows.map((row) => FriendTransformer.friend(summaryOfRow(row), row.friends_since)),
      meta: paginationMeta(Number(totalRow?.total ?? 0), page, path, query),
    }
  }

  async requests(
    user: User,
    direction: 'incoming' | 'outgoing',
    page: PageRequest,
    path: string,
    query: Record<string, unknown>
  ): Promise<Page<FriendRequestResource>> {
    const base = db.from('friend_requests').where(direction === 'incoming' ? 'to_user_id' : 'from_user_id', user.id)
    const [totalRow, rows] = await Promise.all([
      base.clone().count('* as total').first(),
      base
        .clone()
        .select('id', 'from_user_id', 'to_user_id', 'created_at')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .offset((page.page - 1) * page.perPage)
        .limit(page.perPage),
    ])
    return {
      data: await this.serializeRequests(rows),
      meta: paginationMeta(Number(totalRow?.total ?? 0), page, path, query),
    }
  }

  /** The caller's relation to another user, for their profile. */
  async state(viewerId: number, otherId: number): Promise<FriendshipState> {
    if (viewerId === otherId) return FriendTransformer.noFriendship()
    const friendship = await db.from('friendships').where(friendshipPair(viewerId, otherId)).select('created_at').first()
    if (friendship) return FriendTransformer.friendsSince(friendship.created_at)
    const request: RequestRow | null = await db
      .from('friend_requests')
      .where((query) =>
        query.where({ from_user_id: viewerId, to_user_id: otherId }).orWhere({ from_user_id: otherId, to_user_id: viewerId })
      )
      .first()
    if (!request) return FriendTransformer.noFriendship()
    return FriendTransformer.pending(request.from_user_id === viewerId ? 'outgoing' : 'incoming', request.id)
  }

  private async serializeRequests(rows: RequestRow[]): Promise<FriendRequestResource[]> {
    const users = await userSummaries(rows.flatMap((row) => [row.from_user_id, row.to_user_id]))
    return rows.map((row) => FriendTransformer.request(row, users))
  }
}

/** Both sides' friend counts and friends_like recommendations change. */
async function emitFriendshipChanged(userA: number, userB: number) {
  await emitter.emit('user:library_changed', { userId: userA, change: 'friendship' })
  await emitter.emit('user:library_changed', { userId: userB, change: 'friendship' })
}
