import { inject } from '@adonisjs/core'
import type { JobsOptions } from 'bullmq'
import BaseJob from '#jobs/base_job'
import MovieNotifications from '#services/notifications/movie_notifications'

export interface MovieAddedNotificationPayload {
  movieId: number
}

/** Announces a movie new to the catalogue to the fans of its genres (`movie_added`). */
@inject()
export default class MovieAddedNotificationJob extends BaseJob<MovieAddedNotificationPayload> {
  static jobName = 'movie-added-notification' as const
  static options: JobsOptions = {
    attempts: 3,
    backoff: { type: 'exponential', delay: 1000 },
    removeOnComplete: true,
    removeOnFail: { age: 24 * 3600 },
  }

  /** A movie is added once: one announcement however often it is queued. */
  static jobId(payload: MovieAddedNotificationPayload) {
    return `movie-added-${payload.movieId}`
  }

  constructor(protected movieNotifications: MovieNotifications) {
    super()
  }

  async handle(payload: MovieAddedNotificationPayload) {
    return { notified: await this.movieNotifications.announceNewMovie(payload.movieId) }
  }
}
