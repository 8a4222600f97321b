import BaseJob from '#jobs/base_job'
import { purgeExpiredAuthRecords } from '#services/auth/auth_records_purge'

export type PurgeAuthRecordsPayload = Record<string, never>

/** Nightly clean-up of expired tokens, old sign-ins and used codes (app/services/auth/auth_records_purge.ts). */
export default class PurgeAuthRecordsJob extends BaseJob<PurgeAuthRecordsPayload> {
  static jobName = 'purge-auth-records' as const

  static jobId() {
    return 'purge-auth-records'
  }

  async handle() {
    return purgeExpiredAuthRecords()
  }
}
