import { inject } from '@adonisjs/core'
import type { JobsOptions } from 'bullmq'
import BaseJob from '#jobs/base_job'
import NotificationService from '#services/notifications/notification_service'

export interface SocialNotificationPayload {
  event: 'friend_request' | 'friend_accepted'
  recipientId: number
  actorId: number
  /** The friend request the event is about (its id outlives the row once accepted). */
  requestId: number
}

/** Stores the notification of a friend request sent or accepted (never inside the request). */
@inject()
export default class SocialNotificationJob<
  Payload = SocialNotificationPayload,
> extends BaseJob<Payload> {
  static jobName = 'social-notification' as const
  // Completed jobs are dropped so the id only deduplicates while one is pending.
  static options: JobsOptions = {
    attempts: 3,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: true,
    removeOnFail: { age: 24 * 3600 },
  }

  /** One notification per event and request, however often it is queued. */
  static jobId(payload: SocialNotificationPayload) {
    return `${payload.event}-${payload.requestId}-${payload.recipientId}`
  }

  constructor(protected notifications: NotificationService) {
    super()
  }

  async handle(data: Payload) {
    const payload = data as SocialNotificationPayload
    const created = await this.notifications.friendEvent(payload.event, payload.recipientId, payload.actorId, payload.requestId)
    return { notificationId: created?.id ?? null }
  }
}
