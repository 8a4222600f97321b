import type NotificationService from '#services/notifications/notification_service'
import { activeUsers, forEachBatch, notYetNotified } from '#services/notifications/recipients'

/**
 * The worker side of a broadcast (BroadcastNotificationJob): one
 * `system_update` notification per active account, written in batches
 * through notifications.createMany (so each is pushed live like any other).
 * Idempotent per broadcast: a retried job skips whom it already notified.
 * Apart from broadcast_service.ts, which queues the job that calls this.
 */
export async function fanOutBroadcast(
  notifications: NotificationService,
  broadcastId: number,
  title: string,
  body: string
): Promise<number> {
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
