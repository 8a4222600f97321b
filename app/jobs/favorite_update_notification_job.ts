import { inject } from '@adonisjs/core'
import type { JobsOptions } from 'bullmq'
import BaseJob from '#jobs/base_job'
import MovieNotifications, { type DetailChange } from '#services/notifications/movie_notifications'

export interface FavoriteUpdateNotificationPayload {
  movieId: number
  /** The details the re-sync changed (never empty). */
  changes: DetailChange[]
  /** When the re-sync happened (ISO): names it in the job id and the rows. */
  syncedAt: string
}

/** Tells the users who favourited a movie that a TMDB re-sync changed its details (`favorite_update`). */
@inject()
export default class FavoriteUpdateNotificationJob extends BaseJob<FavoriteUpdateNotificationPayload> {
  static jobName = 'favorite-update-notification' as const
  static options: JobsOptions = {
    attempts: 3,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: true,
    removeOnFail: { age: 24 * 3600 },
  }

  /** One fan-out per movie and re-sync. */
  static jobId(payload: FavoriteUpdateNotificationPayload) {
    return `favorite-update-${payload.movieId}-${Date.parse(payload.syncedAt)}`
  }

  constructor(protected movieNotifications: MovieNotifications) {
    super()
  }

  async handle(payload: FavoriteUpdateNotificationPayload) {
    const { movieId, changes, syncedAt } = payload
    return { notified: await this.movieNotifications.favoriteChanged(movieId, changes, syncedAt) }
  }
}
