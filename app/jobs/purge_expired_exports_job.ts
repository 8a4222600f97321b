import { inject } from '@adonisjs/core'
import BaseJob from '#jobs/base_job'
import UserExportService from '#services/user_data/user_export_service'

export type PurgeExpiredExportsPayload = Record<string, never>

/**
 * Deletes the ZIPs of exports past their 24 hours. Expired exports are also
 * purged when their owner looks at them or asks for a new one; this job
 * catches the ones nobody comes back for (schedule it hourly).
 */
@inject()
export default class PurgeExpiredExportsJob extends BaseJob<PurgeExpiredExportsPayload> {
  static jobName = 'purge-expired-exports' as const

  static jobId() {
    return 'purge-expired-exports'
  }

  constructor(protected userExports: UserExportService) {
    super()
  }

  async handle() {
    return { purged: await this.userExports.purgeExpired() }
  }
}
