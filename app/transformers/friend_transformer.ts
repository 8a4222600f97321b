import { toIso } from '#services/database/query_helpers'
import type { UserSummary } from '#transformers/user_summary_transformer'

/** A friend in a friends list (GET /me/friends, /users/:id/friends, accept). */
export type Friend = UserSummary & { friends_since: string }

/** A pending friend request (GET /me/friend-requests, POST /users/:id/friend-request). */
export interface FriendRequestResource {
  id: number
  from_user: UserSummary
  to_user: UserSummary
  created_at: string
}

/** The caller's relation to another user, on that user's profile. */
export interface FriendshipState {
  status: 'none' | 'friends' | 'outgoing' | 'incoming'
  request_id: number | null
  since: string | null
}

/** What FriendTransformer.request reads of a `friend_requests` row. */
export interface FriendRequestRow {
  id: number
  from_user_id: number
  to_user_id: number
  created_at: Date | string
}

export default class FriendTransformer {
  static friend(summary: UserSummary, since: Date | string): Friend {
    return { ...summary, friends_since: toIso(since) }
  }

  /** `users` holds both sides' summaries (friendship_service.userSummaries). */
  static request(row: FriendRequestRow, users: Map<number, UserSummary>): FriendRequestResource {
    return {
      id: row.id,
      from_user: users.get(row.from_user_id)!,
      to_user: users.get(row.to_user_id)!,
      created_at: toIso(row.created_at),
    }
  }

  static noFriendship(): FriendshipState {
    return { status: 'none', request_id: null, since: null }
  }

  static friendsSince(since: Date | string): FriendshipState {
    return { status: 'friends', request_id: null, since: toIso(since) }
  }

  static pending(direction: 'outgoing' | 'incoming', requestId: number): FriendshipState {
    return { status: direction, request_id: requestId, since: null }
  }
}
