import type Report from '#models/report'
import type { ReportReason, ReportTargetType } from '#models/report'

/** A report as its reporter gets it back (POST /reviews|comments|lists/:id/report). */
export interface ReportResource {
  id: number
  target_type: ReportTargetType
  target_id: number
  reason: ReportReason
  message: string | null
  status: string
  created_at: string
}

export default class ReportTransformer {
  static resource(report: Report): ReportResource {
    return {
      id: report.id,
      target_type: report.targetType,
      target_id: report.targetId,
      reason: report.reason,
      message: report.message,
      status: report.status,
      created_at: report.createdAt.toUTC().toISO()!,
    }
  }
}
