import { inject } from '@adonisjs/core'
import type { JobsOptions } from 'bullmq'
import BaseJob from '#jobs/base_job'
import NotificationDigest, { digestDay } from '#services/notifications/notification_digest'

export interface SendNotificationDigestPayload {
  userId: number
}

/**
 * Mails one user their notifications digest (mail queue). At most one a
 * UTC day: NotificationDigest.sendTo records the day with the send, so a
 * second run the same day (a duplicate, a retry after a send) mails nothing.
 */
@inject()
export default class SendNotificationDigestJob extends BaseJob<SendNotificationDigestPayload> {
  static jobName = 'send-notification-digest' as const
  // A failed send rolls its transaction back: the retry finds the entries still waiting.
  static options: JobsOptions = {
    attempts: 3,
    backoff: { type: 'exponential', delay: 5_000 },
    removeOnComplete: true,
    removeOnFail: { age: 24 * 3600 },
  }

  static jobId(payload: SendNotificationDigestPayload) {
    return `notification-digest-${payload.userId}-${digestDay()}`
  }

  constructor(protected digest: NotificationDigest) {
    super()
  }

  async handle(payload: SendNotificationDigestPayload) {
    return this.digest.sendTo(payload.userId)
  }
}
