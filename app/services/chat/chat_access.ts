/**
 * Who may subscribe to a chat room's channel (start/transmit.ts asks this).
 * Placeholder until chat lands: no room exists, so nobody may subscribe.
 */
export async function canSubscribeToRoom(_userId: number, _roomId: number): Promise<boolean> {
  return false
}
