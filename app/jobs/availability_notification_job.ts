import { inject } from '@adonisjs/core'
import type { JobsOptions } from 'bullmq'
import BaseJob from '#jobs/base_job'
import AvailabilityNotifications from '#services/notifications/availability_notifications'

export interface AvailabilityNotificationPayload {
  movieId: number
  /** The providers the movie newly arrived on, by region (never empty). */
  arrivals: { region: string; providerId: number }[]
  /** When the sync first saw them (ISO): names the arrivals in the job id and the rows. */
  seenAt: string
}

/**
 * Tells the users who have a movie on their watchlist and one of its new
 * providers among their services (same region) that it is now there
 * (`availability`). Queued by the movie sync when it sees an arrival.
 */
@inject()
export default class AvailabilityNotificationJob extends BaseJob<AvailabilityNotificationPayload> {
  static jobName = 'availability-notification' as const
  static options: JobsOptions = {
    attempts: 3,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: true,
    removeOnFail: { age: 24 * 3600 },
  }

  /** One fan-out per movie and sync that saw arrivals. */
  static jobId(payload: AvailabilityNotificationPayload) {
    return `availability-${payload.movieId}-${Date.parse(payload.seenAt)}`
  }

  constructor(protected availability: AvailabilityNotifications) {
    super()
  }

  async handle(payload: AvailabilityNotificationPayload) {
    return { notified: await this.availability.announceArrivals(payload.movieId, payload.arrivals, payload.seenAt) }
  }
}
