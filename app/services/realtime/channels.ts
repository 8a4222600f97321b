import { integersUpTo } from '#validators/route_params'

/**
 * The Transmit channels the API exposes (API.md, "Chat and real-time").
 * Everything else is refused at subscribe time (start/transmit.ts).
 */
export const CHANNEL_PATTERNS = {
  notifications: 'users/:id/notifications',
  chatRoom: 'chat/rooms/:id',
} as const

// User and room ids are integer columns: a larger number names nothing.
const ROW_ID = integersUpTo(2_147_483_647).source.slice(1, -1)
const KNOWN_CHANNEL = new RegExp(`^(?:users/${ROW_ID}/notifications|chat/rooms/${ROW_ID})$`)

export const channels = {
  notifications: (userId: number) => `users/${userId}/notifications`,
  chatRoom: (roomId: number) => `chat/rooms/${roomId}`,
  /** Whether a channel name is one of ours, with a well-formed id. */
  isKnown: (channel: unknown): channel is string => typeof channel === 'string' && KNOWN_CHANNEL.test(channel),
}
