import { inject } from '@adonisjs/core'
import type { JobsOptions } from 'bullmq'
import BaseJob from '#jobs/base_job'
import CommentNotifications from '#services/notifications/comment_notifications'

export interface CommentReplyNotificationPayload {
  /** The new comment: its parent's author and, in a review's thread, the review's author are told. */
  replyId: number
}

/**
 * Tells a comment's author about a reply to it, and a review's author about
 * a comment on it (`comment_reply`), off the request.
 */
@inject()
export default class CommentReplyNotificationJob extends BaseJob<CommentReplyNotificationPayload> {
  static jobName = 'comment-reply-notification' as const
  static options: JobsOptions = {
    attempts: 3,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: true,
    removeOnFail: { age: 24 * 3600 },
  }

  static jobId(payload: CommentReplyNotificationPayload) {
    return `comment-reply-${payload.replyId}`
  }

  constructor(protected commentNotifications: CommentNotifications) {
    super()
  }

  async handle(payload: CommentReplyNotificationPayload) {
    const created = await this.commentNotifications.commented(payload.replyId)
    return { notificationIds: created.map((notification) => notification.id) }
  }
}
