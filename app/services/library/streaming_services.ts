import db from '@adonisjs/lucid/services/db'

/** The region of a caller without services (and of anonymous callers). */
export const DEFAULT_WATCH_REGION = 'US'

export interface StreamingServices {
  region: string
  providerIds: number[]
  /** Whether the user has saved services (PUT /me/services) at all. */
  saved: boolean
}

/**
 * The caller's streaming services (`/me/services`): a region and the
 * providers they subscribe to there. They pick the default region of the
 * watch-provider endpoints, the `available_on=mine` filter, and who hears
 * of an arrival (`availability` notifications).
 */
export default class StreamingServicesService {
  async of(userId: number): Promise<StreamingServices> {
    const [settings, services] = await Promise.all([
      db.from('user_streaming_settings').where('user_id', userId).select('region').first(),
      db.from('user_streaming_services').where('user_id', userId).orderBy('provider_id').select('provider_id'),
    ])
    return {
      region: settings?.region ?? DEFAULT_WATCH_REGION,
      providerIds: services.map((row: { provider_id: number }) => row.provider_id),
      saved: Boolean(settings),
    }
  }

  /** The region a caller's watch-provider lists default to. */
  async regionOf(userId: number | null | undefined): Promise<string> {
    if (!userId) return DEFAULT_WATCH_REGION
    const settings = await db.from('user_streaming_settings').where('user_id', userId).select('region').first()
    return settings?.region ?? DEFAULT_WATCH_REGION
  }

  /** Replaces the caller's region and providers (ids already validated); `created` on the first save. */
  async replace(userId: number, region: string, providerIds: number[]): Promise<StreamingServices & { created: boolean }> {
    const created = await db.transaction(async (trx) => {
      const inserted = await trx
        .table('user_streaming_settings')
        .insert({ user_id: userId, region })
        .onConflict('user_id')
        .ignore()
        .returning('user_id')
      if (!inserted.length) {
        // Locks the settings row: concurrent PUTs of one user apply one after the other.
        await trx.from('user_streaming_settings').where('user_id', userId).forUpdate().select('user_id')
        await trx.from('user_streaming_settings').where('user_id', userId).update({ region, updated_at: new Date() })
      }
      await trx.from('user_streaming_services').where('user_id', userId).delete()
      if (providerIds.length) {
        await trx
          .table('user_streaming_services')
          .insert([...new Set(providerIds)].map((providerId) => ({ user_id: userId, provider_id: providerId })))
      }
      return inserted.length > 0
    })
    return { created, region, providerIds: [...new Set(providerIds)].sort((a, b) => a - b), saved: true }
  }
}
