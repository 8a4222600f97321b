import { UnrecoverableError } from 'bullmq'
import BaseJob from '#jobs/base_job'
import { TmdbNotFoundError, isPermanentTmdbError } from '#services/tmdb/errors'
import { syncCollection } from '#services/tmdb/collection_sync_service'

export interface SyncCollectionPayload {
  tmdbId: number
}

export type SyncCollectionJobResult =
  | { tmdbId: number; collectionId: number; parts: number; linked: number }
  /** TMDB answered 404: the collection is marked; settled, not failed. */
  | { tmdbId: number; notFound: true }

/**
 * Fetches one collection's TMDB page (overview, images, parts) and links the
 * parts we have. Runs on the metadata queue (TMDB's rate limit); queued by
 * the gap filling for collections the movie syncs named.
 */
export default class SyncCollectionJob extends BaseJob<SyncCollectionPayload> {
  static jobName = 'sync-collection' as const

  static jobId(payload: SyncCollectionPayload) {
    return `collection-sync-${payload.tmdbId}`
  }

  async handle(payload: SyncCollectionPayload): Promise<SyncCollectionJobResult> {
    const { tmdbId } = payload
    try {
      const result = await syncCollection(tmdbId)
      return { tmdbId, collectionId: result.collectionId, parts: result.parts, linked: result.linked }
    } catch (error) {
      if (error instanceof TmdbNotFoundError) return { tmdbId, notFound: true }
      if (isPermanentTmdbError(error)) throw new UnrecoverableError((error as Error).message)
      throw error
    }
  }
}
