import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import { auditLog } from '#services/admin/audit_log_service'

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
   * One `system_update` notification per active account, in one
   * INSERT … SELECT (bulk fan-out: raw SQL is the point). Idempotent per
   * broadcast, so a retried job does not notify twice.
   */
  async fanOut(broadcastId: number, title: string, body: string): Promise<number> {
    const result = await db.rawQuery(
      `INSERT INTO notifications (user_id, type, title, message, data)
       SELECT u.id, 'system_update', ?, ?, jsonb_build_object('broadcast_id', ?::bigint)
       FROM users u
       WHERE u.is_placeholder = false AND u.suspended_at IS NULL
         AND NOT EXISTS (
           SELECT 1 FROM notifications n
           WHERE n.user_id = u.id AND n.type = 'system_update' AND n.data->>'broadcast_id' = ?::text
         )`,
      [title, body, broadcastId, String(broadcastId)]
    )
    return result.rowCount ?? 0
  }
}

export const broadcasts = new BroadcastService()
