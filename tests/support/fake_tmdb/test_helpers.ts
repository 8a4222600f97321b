import { setTimeout as sleep } from 'node:timers/promises'
import type { Job } from 'bullmq'
import env from '#start/env'
import queue from '#jobs/queue/queue'
import TmdbClient, { type TmdbClientOptions } from '#services/tmdb/tmdb_client'
import { fakeTmdb } from '#tests/support/services'
import { resetState } from '#tests/support/state'
import { pendingJobCounts } from '#tests/support/queue_counts'

/**
 * Every TMDB test starts with a fake TMDB that forgot earlier failures,
 * delays and edits, an empty metadata queue and empty tables. Jobs still
 * running from the previous test finish first, so none writes afterwards.
 */
export async function resetTmdb() {
  const metadata = queue.queue('metadata')
  await metadata.resume()
  await waitForQueueIdle()
  await metadata.clean(0, 0, 'completed')
  await metadata.clean(0, 0, 'failed')
  fakeTmdb().reset()
  await resetState()
}

/** A client against the fake server with short retry delays. */
export function testClient(options: Partial<TmdbClientOptions> = {}) {
  return new TmdbClient({
    baseUrl: fakeTmdb().baseUrl,
    accessToken: env.get('TMDB_ACCESS_TOKEN')!.release(),
    retryBaseMs: 20,
    ...options,
  })
}

/** Resolves with the job's return value, rejects with its failure reason. */
export async function finished<T = unknown>(job: Job): Promise<T> {
  return job.waitUntilFinished(await queue.events('metadata'), 30_000) as Promise<T>
}

/** Waits until the metadata queue has nothing waiting, delayed or running. */
export async function waitForQueueIdle(timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const counts = await pendingJobCounts('metadata')
    if (Object.values(counts).every((count) => count === 0)) return
    if (Date.now() > deadline) throw new Error(`metadata queue still busy: ${JSON.stringify(counts)}`)
    await sleep(50)
  }
}
