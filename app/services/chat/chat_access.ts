import ApiException from '#exceptions/api_exception'
import ChatRoom from '#models/chat_room'
import ChatRoomMember from '#models/chat_room_member'
import type User from '#models/user'
import ChatRoomPolicy from '#policies/chat_room_policy'
import { bouncerFor } from '#policies/bouncer_for'
import { errors as bouncerErrors } from '@adonisjs/bouncer'

export interface RoomMembership {
  room: ChatRoom
  member: ChatRoomMember
}

/**
 * Loading a chat room for one of its members, for HTTP and SSE alike; who
 * may see a room and talk in it is ChatRoomPolicy's rule.
 */
export async function membershipOrFail(user: User, roomId: number): Promise<RoomMembership> {
  const [room, member] = await Promise.all([
    ChatRoom.find(roomId),
    ChatRoomMember.query().apply((scopes) => scopes.of(roomId, user.id)).first(),
  ])
  if (!room) throw ApiException.notFound('Chat room not found')
  await bouncerFor(user).with(ChatRoomPolicy).authorize('view', room, member !== null)
  return { room, member: member! }
}

/** A member's access to an open room, or 404 (not a member) / 403 (closed direct room). */
export async function openMembershipOrFail(user: User, roomId: number): Promise<RoomMembership> {
  const access = await membershipOrFail(user, roomId)
  await bouncerFor(user).with(ChatRoomPolicy).authorize('converse', access.room)
  return access
}

/**
 * Who may subscribe to a chat room's channel (start/transmit.ts asks this):
 * members of the room, and for a direct room only while it is open.
 */
export async function canSubscribeToRoom(user: User, roomId: number): Promise<boolean> {
  try {
    await openMembershipOrFail(user, roomId)
    return true
  } catch (error) {
    if (error instanceof ApiException || error instanceof bouncerErrors.E_AUTHORIZATION_FAILURE) return false
    throw error
  }
}
