import { inject } from '@adonisjs/core'
import type { JobsOptions } from 'bullmq'
import BaseJob from '#jobs/base_job'
import SendNotificationDigestJob from '#jobs/send_notification_digest_job'
import NotificationDigest, { digestDay } from '#services/notifications/notification_digest'

export type NotificationDigestsPayload = Record<string, never>

/**
 * The daily email digests (repeatable: its schedule is in
 * app/jobs/registry.ts): one SendNotificationDigestJob per user with
 * notifications waiting for the mail, after dropping entries too old to send.
 */
@inject()
export default class NotificationDigestsJob extends BaseJob<NotificationDigestsPayload> {
  static jobName = 'notification-digests' as const
  static options: JobsOptions = {
    attempts: 3,
    backoff: { type: 'exponential', delay: 10_000 },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 7 * 24 * 3600 },
  }

  static jobId() {
    return `notification-digests-${digestDay()}`
  }

  constructor(protected digest: NotificationDigest) {
    super()
  }

  async handle() {
    const purged = await this.digest.purgeStale()
    // Each user's job id names the day: queuing twice (a retry) sends nothing twice.
    const queued = await this.digest.forEachPendingRecipient((userIds) =>
      Promise.all(userIds.map((userId) => SendNotificationDigestJob.dispatch({ userId })))
    )
    return { queued, purged }
  }
}
