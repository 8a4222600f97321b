import { randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import drive from '@adonisjs/drive/services/main'
import DataExport from '#models/data_export'
import User from '#models/user'
import { buildExportZip } from '#services/user_data/export_builder'

export const EXPORTS_DISK = 'private'
/** How long a finished export can be downloaded. */
export const EXPORT_TTL_HOURS = 24

/**
 * The worker side of an export (ExportUserDataJob): writes the ZIP of a
 * queued export onto the private disk under a random name, or marks it
 * failed. Apart from user_export_service.ts, which queues the job that runs
 * this.
 */
export default class UserExportBuilder {
  async build(exportId: number) {
    const record = await DataExport.find(exportId)
    if (!record || record.status === 'ready' || record.status === 'expired') return record
    const user = await User.find(record.userId)
    if (!user) return null
    record.merge({ status: 'processing' })
    await record.save()

    const fileKey = `exports/${randomBytes(24).toString('base64url')}.zip`
    const disk = drive.use(EXPORTS_DISK)
    await disk.putStream(fileKey, await buildExportZip(user))
    const { contentLength } = await disk.getMetaData(fileKey)
    const now = DateTime.now()
    record.merge({
      status: 'ready',
      fileKey,
      sizeBytes: contentLength,
      finishedAt: now,
      expiresAt: now.plus({ hours: EXPORT_TTL_HOURS }),
      error: null,
    })
    await record.save()
    return record
  }

  async markFailed(exportId: number, message: string) {
    await DataExport.query()
      .where('id', exportId)
      .whereIn('status', ['queued', 'processing'])
      .update({ status: 'failed', error: message, finished_at: new Date(), updated_at: new Date() })
  }
}
