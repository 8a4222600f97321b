import BaseJob from '#jobs/base_job'
import { FLUSH_DELAY_MS, flushPendingViews } from '#services/library/view_history_flush'

export type FlushViewHistoryPayload = Record<string, never>

/**
 * Writes the movie views waiting in Redis to view_history in bulk. Queued
 * by every recorded view, but deduplicated to one job per FLUSH_DELAY_MS
 * window (the job id names the window), so load adds no database writes
 * per view. Lives on the notifications queue: short jobs, several workers.
 */
export default class FlushViewHistoryJob extends BaseJob<FlushViewHistoryPayload> {
  static jobName = 'flush-view-history' as const

  static jobId() {
    return `view-history-flush-${Math.floor(Date.now() / FLUSH_DELAY_MS)}`
  }

  /** At most one pending flush per window; it runs when the window ends. */
  static schedule() {
    return this.dispatch(
      {},
      { delay: FLUSH_DELAY_MS, removeOnComplete: true, removeOnFail: { count: 100 } }
    )
  }

  async handle(): Promise<{ written: number }> {
    return { written: await flushPendingViews() }
  }
}
