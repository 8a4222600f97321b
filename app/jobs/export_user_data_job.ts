import type { Job } from 'bullmq'
import logger from '@adonisjs/core/services/logger'
import BaseJob from '#jobs/base_job'
import UserExportBuilder from '#services/user_data/user_export_builder'

export interface ExportUserDataPayload {
  exportId: number
  /** Creation time of the export (ms): ids repeat after a database reset, BullMQ keeps finished ids. */
  createdAt: number
}

/** Builds one data export ZIP (see UserExportBuilder); marked failed after the last attempt. */
export default class ExportUserDataJob extends BaseJob<ExportUserDataPayload> {
  static jobName = 'export-user-data' as const

  static jobId(payload: ExportUserDataPayload) {
    return `data-export-${payload.exportId}-${payload.createdAt}`
  }

  async handle(payload: ExportUserDataPayload, job: Job<ExportUserDataPayload>) {
    const { exportId } = payload
    const service = new UserExportBuilder()
    try {
      const record = await service.build(exportId)
      return { exportId, status: record?.status ?? 'missing' }
    } catch (error) {
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        logger.error({ err: error, exportId }, 'export failed for good')
        await service.markFailed(exportId, 'The export failed on our side; please request a new one')
      }
      throw error
    }
  }
}
