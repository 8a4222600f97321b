import { inject } from '@adonisjs/core'
import type { JobsOptions } from 'bullmq'
import BaseJob from '#jobs/base_job'
import RecommendationDigest, { digestWeek } from '#services/notifications/recommendation_digest'

export interface RecommendationDigestPayload {
  /** ISO week ("2026-W47"); the schedule sends none and means the current one. */
  week?: string
}

/** The weekly recommendation digest (repeatable: its schedule is in app/jobs/registry.ts). */
@inject()
export default class RecommendationDigestJob extends BaseJob<RecommendationDigestPayload> {
  static jobName = 'recommendation-digest' as const
  // A retry skips the users already notified this week (see RecommendationDigest).
  static options: JobsOptions = {
    attempts: 3,
    backoff: { type: 'exponential', delay: 10_000 },
    removeOnComplete: { age: 7 * 24 * 3600 },
    removeOnFail: { age: 7 * 24 * 3600 },
  }

  static jobId(payload: RecommendationDigestPayload) {
    return `recommendation-digest-${payload.week ?? digestWeek()}`
  }

  constructor(protected recommendationDigest: RecommendationDigest) {
    super()
  }

  async handle(payload: RecommendationDigestPayload) {
    return { notified: await this.recommendationDigest.send(payload.week ?? digestWeek()) }
  }
}
