import { inject } from '@adonisjs/core'
import BaseJob from '#jobs/base_job'
import { fanOutBroadcast } from '#services/admin/broadcast_fan_out'
import NotificationService from '#services/notifications/notification_service'

export interface BroadcastNotificationPayload {
  /** The audit-log id of the broadcast (dedups the job and the rows). */
  broadcastId: number
  title: string
  body: string
}

/** Fans a moderator's broadcast out as `system_update` notifications. */
@inject()
export default class BroadcastNotificationJob extends BaseJob<BroadcastNotificationPayload> {
  static jobName = 'broadcast-notification' as const

  static jobId(payload: BroadcastNotificationPayload) {
    return `broadcast-${payload.broadcastId}`
  }

  constructor(protected notifications: NotificationService) {
    super()
  }

  async handle(payload: BroadcastNotificationPayload): Promise<{ notified: number }> {
    const { broadcastId, title, body } = payload
    return { notified: await fanOutBroadcast(this.notifications, broadcastId, title, body) }
  }
}
