import { randomUUID } from 'node:crypto'
import logger from '@adonisjs/core/services/logger'
import redis from '@adonisjs/redis/services/main'
import transmit from '@adonisjs/transmit/services/main'
import { redisConnection } from '#config/redis'
import { channels } from '#services/realtime/channels'
import { liveSubscriptions } from '#services/realtime/live_subscriptions'

/** What Transmit accepts; our resources are plain JSON objects built by serializers. */
type Payload = NonNullable<Parameters<typeof transmit.broadcast>[1]>
type JsonResource = object

/**
 * A broadcast some users must not receive (blocks). Transmit can only leave
 * out streams of its own process, so these travel on a pub/sub channel of
 * ours and every process filters its own streams (db index in the name, as
 * pub/sub ignores it).
 */
interface FilteredBroadcast {
  origin: string
  channel: string
  payload: { type: string; data: JsonResource }
  hiddenFrom: number[]
}
export const FILTERED_BROADCASTS = `marquee:realtime:filtered:db${redisConnection.db}`
const PROCESS_ID = randomUUID()

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

  /** To the room's subscribers, except streams subscribed by `hiddenFrom` (users on either side of a block with the sender). */
  chatMessage(roomId: number, message: JsonResource, options: { hiddenFrom?: number[] } = {}) {
    const payload = { type: 'chat_message', data: message }
    const channel = channels.chatRoom(roomId)
    if (!options.hiddenFrom?.length) return this.send(channel, payload)
    const broadcast: FilteredBroadcast = { origin: PROCESS_ID, channel, payload, hiddenFrom: options.hiddenFrom }
    this.deliverFiltered(broadcast)
    redis.publish(FILTERED_BROADCASTS, JSON.stringify(broadcast)).catch((error) => {
      logger.warn({ err: error, channel }, 'realtime push to other processes failed (the stored copy stays)')
    })
  }

  /** A filtered broadcast from another process (start/transmit.ts subscribes web processes). */
  receiveFiltered(message: string) {
    const broadcast = JSON.parse(message) as FilteredBroadcast
    if (broadcast.origin !== PROCESS_ID) this.deliverFiltered(broadcast)
  }

  private deliverFiltered({ channel, payload, hiddenFrom }: FilteredBroadcast) {
    const excluded = liveSubscriptions.uidsOf(channel, new Set(hiddenFrom))
    transmit.broadcastExcept(channel, payload as unknown as Payload, excluded)
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

/** Process-wide state: the one realtime push connection of this process, hence a module instance. */
export const realtime = new RealtimePush()
