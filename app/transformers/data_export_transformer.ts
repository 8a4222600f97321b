import env from '#start/env'
import type DataExport from '#models/data_export'

/** An export's state (GET /me/export/:id). */
export interface ExportResource {
  id: number
  status: string
  size_bytes: number | null
  /** Owner-only download (bearer token or cookie), while the export is ready. */
  download_url: string | null
  error: string | null
  created_at: string
  finished_at: string | null
  expires_at: string | null
}

export default class DataExportTransformer {
  /** A ready export past its 24 h shows as expired (before the purge job deletes its file). */
  static resource(record: DataExport): ExportResource {
    const ready = record.status === 'ready' && !record.isExpired
    return {
      id: record.id,
      status: record.status === 'ready' && record.isExpired ? 'expired' : record.status,
      size_bytes: ready ? record.sizeBytes : null,
      download_url: ready ? DataExportTransformer.downloadUrl(record) : null,
      error: record.error,
      created_at: record.createdAt.toUTC().toISO()!,
      finished_at: record.finishedAt?.toUTC().toISO() ?? null,
      expires_at: record.expiresAt?.toUTC().toISO() ?? null,
    }
  }

  private static downloadUrl(record: DataExport) {
    // The route `api.me.export.download` (start/routes.ts).
    return `${env.get('APP_URL').replace(/\/$/, '')}/api/v1/me/export/${record.id}/download`
  }
}
