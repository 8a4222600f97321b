import ApiException from '#exceptions/api_exception'
import ChatRoom from '#models/chat_room'
import ChatRoomMember from '#models/chat_room_member'
import Movie from '#models/movie'
import { areFriends, isBlockedBetween } from '#services/social/friendship_gate'

export interface RoomMembership {
  room: ChatRoom
  member: ChatRoomMember
}

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
export async function membershipOrFail(userId: number, roomId: number): Promise<RoomMembership> {
  const [room, member] = await Promise.all([
    ChatRoom.find(roomId),
    ChatRoomMember.query().apply((scopes) => scopes.of(roomId, userId)).first(),
  ])
  if (!room || !member) throw ApiException.notFound('Chat room not found')
  if (room.movieId !== null && (await Movie.query().where({ id: room.movieId, isHidden: false }).select('id').first()) === null) {
    throw ApiException.notFound('Chat room not found')
  }
  return { room, member }
}

/** Whether the room's conversation is open to `userId` (always, for movie rooms). */
export async function isRoomOpen(room: ChatRoom, userId: number): Promise<boolean> {
  const otherId = room.otherUserId(userId)
  if (otherId === null) return true
  const [friends, blocked] = await Promise.all([areFriends(userId, otherId), isBlockedBetween(userId, otherId)])
  return friends && !blocked
}

/** A member's access to an open room, or 404 (not a member) / 403 (closed direct room). */
export async function openMembershipOrFail(userId: number, roomId: number): Promise<RoomMembership> {
  const access = await membershipOrFail(userId, roomId)
  if (!(await isRoomOpen(access.room, userId))) {
    throw ApiException.forbidden('This conversation is closed: you are no longer friends with this user')
  }
  return access
}

/**
 * Who may subscribe to a chat room's channel (start/transmit.ts asks this):
 * members of the room, and for a direct room only while it is open.
 */
export async function canSubscribeToRoom(userId: number, roomId: number): Promise<boolean> {
  try {
    await openMembershipOrFail(userId, roomId)
    return true
  } catch (error) {
    if (error instanceof ApiException) return false
    throw error
  }
}
