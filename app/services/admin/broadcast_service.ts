import type User from '#models/user'
import { auditLog } from '#services/admin/audit_log_service'
import BroadcastNotificationJob from '#jobs/broadcast_notification_job'

export interface BroadcastInput {
  title: string
  body: string
}

/** System-wide announcements: queued by a moderator, fanned out by a job (broadcast_fan_out.ts). */
export class BroadcastService {
  async queue(actor: User, input: BroadcastInput, ip: string | null) {
    const entry = await auditLog.record(
      actor,
      { action: 'broadcast.send', targetType: 'broadcast', details: { title: input.title, body: input.body } },
      ip
    )
    const job = await BroadcastNotificationJob.dispatch({ broadcastId: entry.id, title: input.title, body: input.body })
    return String(job.id)
  }
}

export const broadcasts = new BroadcastService()
