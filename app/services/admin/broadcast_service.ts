import type User from '#models/user'
import { auditLog } from '#services/admin/audit_log_service'
import { notifications } from '#services/notifications/notification_service'
import { activeUsers, forEachBatch, notYetNotified } from '#services/notifications/recipients'

export interface BroadcastInput {
  title: string
  body: string
}

/** System-wide announcements: queued by a moderator, fanned out by a job. */
export class BroadcastService {
  async queue(actor: User, input: BroadcastInput, ip: string | null) {
    const entry = await auditLog.record(
      actor,
      { action: 'broadcast.send', targetType: 'broadcast', details: { title: input.title, body: input.body } },
      ip
    )
    const { default: BroadcastNotificationJob } = await import('#jobs/broadcast_notification_job')
    const job = await BroadcastNotificationJob.dispatch({ broadcastId: entry.id, title: input.title, body: input.body })
    return String(job.id)
  }

  /**
   * One `system_update` notification per active account, written in
   * batches through notifications.createMany (so each is pushed live like
   * any other). Idempotent per broadcast: a retried job skips whom it
   * already notified.
   */
  async fanOut(broadcastId: number, title: string, body: string): Promise<number> {
    const recipients = () => notYetNotified(activeUsers(), 'system_update', { dataKey: 'broadcast_id', value: broadcastId })
    return forEachBatch(recipients, (userIds) =>
      notifications.createMany(
        userIds.map((userId) => ({
          userId,
          type: 'system_update' as const,
          title,
          message: body,
          data: { broadcast_id: broadcastId },
        }))
      )
    )
  }
}

export const broadcasts = new BroadcastService()
