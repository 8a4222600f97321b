import { inject } from '@adonisjs/core'
import type User from '#models/user'
import AuditLogService from '#services/admin/audit_log_service'
import BroadcastNotificationJob from '#jobs/broadcast_notification_job'

export interface BroadcastInput {
  title: string
  body: string
}

/** System-wide announcements: queued by a moderator, fanned out by a job (broadcast_fan_out.ts). */
@inject()
export default class BroadcastService {
  constructor(protected auditLog: AuditLogService) {}

  async queue(actor: User, input: BroadcastInput, ip: string | null) {
    const entry = await this.auditLog.record(
      actor,
      { action: 'broadcast.send', targetType: 'broadcast', details: { title: input.title, body: input.body } },
      ip
    )
    const job = await BroadcastNotificationJob.dispatch({ broadcastId: entry.id, title: input.title, body: input.body })
    return String(job.id)
  }
}
