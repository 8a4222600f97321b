import type { Readable } from 'node:stream'
import drive from '@adonisjs/drive/services/main'
import db from '@adonisjs/lucid/services/db'
import DataExport from '#models/data_export'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import ExportUserDataJob from '#jobs/export_user_data_job'
import { EXPORTS_DISK } from '#services/user_data/user_export_builder'

export type { ExportResource } from '#transformers/data_export_transformer'

/**
 * ZIP exports of a user's data: queued (one at a time per user), built by
 * ExportUserDataJob (user_export_builder.ts) onto the private disk under a random name, downloadable
 * by the owner only through an authenticated route for 24 hours, then
 * deleted.
 */
export default class UserExportService {
  /**
   * A new export, or the one already queued/in progress for this user. The
   * partial unique index `data_exports_one_pending` decides between
   * concurrent requests: the losers' INSERT does nothing and they read the
   * winner's row (retried in case it finished in between).
   */
  async request(user: User): Promise<DataExport> {
    await this.purgeExpired(user.id)
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = await db.rawQuery(
        `INSERT INTO data_exports (user_id, status) VALUES (?, 'queued')
         ON CONFLICT (user_id) WHERE status IN ('queued', 'processing') DO NOTHING
         RETURNING id`,
        [user.id]
      )
      const id: number | undefined = inserted.rows[0]?.id
      if (id !== undefined) {
        const record = await DataExport.findOrFail(id)
        await ExportUserDataJob.dispatch({ exportId: record.id, createdAt: record.createdAt.toMillis() })
        return record
      }
      const pending = await DataExport.query()
        .where('user_id', user.id)
        .whereIn('status', ['queued', 'processing'])
        .first()
      if (pending) return pending
    }
    throw ApiException.conflict('Another export request is being processed; try again')
  }

  async findOwnOrFail(user: User, exportId: number): Promise<DataExport> {
    const record = await DataExport.query().where({ id: exportId, userId: user.id }).first()
    if (!record) throw ApiException.notFound('Export not found')
    if (record.status === 'ready' && record.isExpired) await this.expire(record)
    return record
  }

  /** The ZIP of a ready export (404 once expired, 409 while it is being built). */
  async download(user: User, exportId: number): Promise<{ stream: Readable; fileName: string; size: number | null }> {
    const record = await this.findOwnOrFail(user, exportId)
    if (record.status === 'expired') throw ApiException.notFound('This export has expired; request a new one')
    if (record.status !== 'ready' || !record.fileKey) {
      throw new ApiException('This export is not ready yet', { status: 409, code: 'E_CONFLICT' })
    }
    const stream = await drive.use(EXPORTS_DISK).getStream(record.fileKey)
    const date = record.createdAt.toUTC().toISODate()
    return { stream, fileName: `marquee-export-${user.username}-${date}.zip`, size: record.sizeBytes }
  }

  /** Deletes the files of exports past their 24 h (one user's, or everyone's). */
  async purgeExpired(userId?: number): Promise<number> {
    const query = DataExport.query().where('status', 'ready').where('expires_at', '<=', new Date())
    if (userId !== undefined) query.where('user_id', userId)
    const expired = await query
    for (const record of expired) await this.expire(record)
    return expired.length
  }

  private async expire(record: DataExport) {
    if (record.fileKey) await drive.use(EXPORTS_DISK).delete(record.fileKey).catch(() => {})
    record.merge({ status: 'expired', fileKey: null })
    await record.save()
  }
}
