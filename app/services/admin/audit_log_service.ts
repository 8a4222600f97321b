import AuditLog, { type AuditFilters } from '#models/audit_log'
import type User from '#models/user'

export interface AuditEntry {
  action: string
  targetType: string
  targetId?: string | number | null
  details?: Record<string, unknown>
}

export const AUDIT_PAGE_SIZE = 25

/** Writes and reads the admin panel's audit log (append-only). */
export default class AuditLogService {
  async record(actor: User, entry: AuditEntry, ipAddress?: string | null) {
    return AuditLog.create({
      actorId: actor.id,
      actorUsername: actor.username,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId),
      details: entry.details ?? {},
      ipAddress: ipAddress ?? null,
    })
  }

  page(filters: AuditFilters, page: number) {
    return AuditLog.query()
      .withScopes((scopes) => scopes.filtered(filters))
      .orderBy('id', 'desc')
      .paginate(page, AUDIT_PAGE_SIZE)
  }

  /** Distinct action names, for the filter's select box. */
  async actions(): Promise<string[]> {
    const rows = await AuditLog.query().distinct('action').orderBy('action')
    return rows.map((row) => row.action)
  }
}
