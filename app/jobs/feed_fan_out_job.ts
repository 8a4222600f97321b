import { inject } from '@adonisjs/core'
import type { JobsOptions } from 'bullmq'
import BaseJob from '#jobs/base_job'
import FeedWriter from '#services/social/feed_writer'

export type FeedFanOutPayload =
  /** A new activity: into the feed of each of its author's friends. */
  | { kind: 'activity'; activityId: number }
  /** A new friendship: each one's recent activities into the other's feed. */
  | { kind: 'friendship'; userA: number; userB: number }

/** Writes feed rows (fan-out on write), off the request. */
@inject()
export default class FeedFanOutJob extends BaseJob<FeedFanOutPayload> {
  static jobName = 'feed-fan-out' as const
  static options: JobsOptions = { attempts: 3, backoff: { type: 'exponential', delay: 500 } }

  constructor(protected feedWriter: FeedWriter) {
    super()
  }

  async handle(data: FeedFanOutPayload) {
    const payload = data
    if (payload.kind === 'activity') return { rows: await this.feedWriter.fanOut(payload.activityId) }
    return { rows: await this.feedWriter.backfillPair(payload.userA, payload.userB) }
  }
}
