import { AuthorizationResponse, BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type ChatRoom from '#models/chat_room'
import Movie from '#models/movie'
import type User from '#models/user'
import { areFriends, isBlockedBetween } from '#services/social/friendship_gate'

/**
 * Who may do what in a chat room. One rule for HTTP and SSE:
 * - only members know a room exists (others get 404), and a movie room
 *   exists only while its movie is in the catalogue (a moderator hiding the
 *   movie takes its room away too);
 * - a direct room is open while its two users are friends and neither has
 *   blocked the other; once closed, reading, sending, marking read and
 *   subscribing are refused (403) until they are friends again, when the
 *   same room (and its history) comes back.
 */
export default class ChatRoomPolicy extends BasePolicy {
  async view(_user: User, room: ChatRoom, isMember: boolean): Promise<AuthorizerResponse> {
    if (!isMember) return this.hidden()
    if (room.movieId === null) return true
    const movie = await Movie.query().where({ id: room.movieId, isHidden: false }).select('id').first()
    return movie !== null || this.hidden()
  }

  /** Reading, sending and marking read, once `view` allowed the member in. */
  async converse(user: User, room: ChatRoom): Promise<AuthorizerResponse> {
    return (
      (await this.isOpen(room, user.id)) ||
      AuthorizationResponse.deny('This conversation is closed: you are no longer friends with this user', 403)
    )
  }

  /** Movie rooms only: a direct room closes by unfriending or blocking. */
  leave(_user: User, room: ChatRoom): AuthorizerResponse {
    return (
      room.type !== 'direct' ||
      AuthorizationResponse.deny(
        'Direct rooms cannot be left: unfriend or block the user to close the conversation',
        403
      )
    )
  }

  /** A direct room with `other`: friends only; blocked either way, `other` does not exist for the caller. */
  async openDirect(user: User, other: User): Promise<AuthorizerResponse> {
    if (await isBlockedBetween(user.id, other.id)) return AuthorizationResponse.deny('User not found', 404)
    return (await areFriends(user.id, other.id)) || AuthorizationResponse.deny('You can only chat with your friends', 403)
  }

  private async isOpen(room: ChatRoom, userId: number): Promise<boolean> {
    const otherId = room.otherUserId(userId)
    if (otherId === null) return true
    const [friends, blocked] = await Promise.all([areFriends(userId, otherId), isBlockedBetween(userId, otherId)])
    return friends && !blocked
  }

  private hidden() {
    return AuthorizationResponse.deny('Chat room not found', 404)
  }
}
