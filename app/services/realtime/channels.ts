/**
 * The Transmit channels the API exposes (API.md, "Chat and real-time").
 * Everything else is refused at subscribe time (start/transmit.ts).
 */
export const CHANNEL_PATTERNS = {
  notifications: 'users/:id/notifications',
  chatRoom: 'chat/rooms/:id',
} as const

const KNOWN_CHANNEL = /^(users\/[1-9]\d{0,15}\/notifications|chat\/rooms\/[1-9]\d{0,15})$/

export const channels = {
  notifications: (userId: number) => `users/${userId}/notifications`,
  chatRoom: (roomId: number) => `chat/rooms/${roomId}`,
  /** Whether a channel name is one of ours, with a well-formed id. */
  isKnown: (channel: unknown): channel is string => typeof channel === 'string' && KNOWN_CHANNEL.test(channel),
}
