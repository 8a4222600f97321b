import logger from '@adonisjs/core/services/logger'
import transmit from '@adonisjs/transmit/services/main'
import { channels } from '#services/realtime/channels'

/** What Transmit accepts; our resources are plain JSON objects built by serializers. */
type Payload = Parameters<typeof transmit.broadcast>[1]
type JsonResource = object

/**
 * Live push over Transmit (SSE). Best effort by design: what is pushed has
 * already been stored in PostgreSQL (the inbox and the chat history are the
 * truth), so a failed push is logged and never fails the caller. Every
 * message is an envelope `{type, data}` so clients can tell events apart on
 * one channel.
 */
export class RealtimePush {
  notification(userId: number, notification: JsonResource) {
    this.send(channels.notifications(userId), { type: 'notification', data: notification })
  }

  chatMessage(roomId: number, message: JsonResource) {
    this.send(channels.chatRoom(roomId), { type: 'chat_message', data: message })
  }

  /** Any other event on a room (read markers, membership), same envelope. */
  chatEvent(roomId: number, type: string, data: JsonResource) {
    this.send(channels.chatRoom(roomId), { type, data })
  }

  private send(channel: string, payload: { type: string; data: JsonResource }) {
    try {
      // Serializer output is JSON-safe; Transmit's recursive type cannot see that.
      transmit.broadcast(channel, payload as unknown as Payload)
    } catch (error) {
      logger.warn({ err: error, channel }, 'realtime push failed (the stored copy stays)')
    }
  }
}

export const realtime = new RealtimePush()
