import { UnrecoverableError, type Job } from 'bullmq'
import logger from '@adonisjs/core/services/logger'
import BaseJob from '#jobs/base_job'
import UserImportRunner from '#services/user_data/user_import_runner'
import { ImportFormatError } from '#services/user_data/import_formats'

export interface ImportUserDataPayload {
  importId: number
  /** Creation time of the import (ms): ids repeat after a database reset, BullMQ keeps finished ids. */
  createdAt: number
}

/**
 * Runs one Letterboxd/IMDb import (see UserImportRunner). A file that is
 * not what it claims fails at once; other errors are retried (the import
 * resumes after its last committed chunk) and fail the import on the last
 * attempt.
 */
export default class ImportUserDataJob extends BaseJob<ImportUserDataPayload> {
  static jobName = 'import-user-data' as const

  static jobId(payload: ImportUserDataPayload) {
    return `data-import-${payload.importId}-${payload.createdAt}`
  }

  async handle(payload: ImportUserDataPayload, job: Job<ImportUserDataPayload>) {
    const { importId } = payload
    const service = new UserImportRunner()
    try {
      const record = await service.process(importId, (percent) => job.updateProgress(percent))
      return { importId, status: record?.status ?? 'missing' }
    } catch (error) {
      if (error instanceof ImportFormatError) {
        await service.markFailed(importId, error.message)
        throw new UnrecoverableError(error.message)
      }
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
        logger.error({ err: error, importId }, 'import failed for good')
        await service.markFailed(importId, 'The import failed on our side; please upload the file again')
      }
      throw error
    }
  }
}
