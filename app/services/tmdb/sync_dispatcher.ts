import type { Job } from 'bullmq'
import Movie from '#models/movie'
import queue from '#jobs/queue/queue'
import SyncMovieJob from '#jobs/sync_movie_job'
import RefreshTrendingJob from '#jobs/refresh_trending_job'
import RefreshPopularJob from '#jobs/refresh_popular_job'
import RefreshUpcomingJob from '#jobs/refresh_upcoming_job'
import SyncChangesJob from '#jobs/sync_changes_job'
import RefreshWatchProvidersJob from '#jobs/refresh_watch_providers_job'
import TmdbClient from '#services/tmdb/tmdb_client'
import { enqueueCollectionSyncs, enqueueMovieSyncs, enqueuePersonSyncs } from '#services/tmdb/tmdb_refresh_service'
import { gapCollectionTmdbIds, gapPersonTmdbIds, gapTmdbIds } from '#services/tmdb/gap_service'

/** What `tmdb:sync` was asked to do; every part is optional. */
export interface SyncPlan {
  ids?: number[]
  /** Movies with a tmdb_id that were never synced. */
  missing?: boolean
  /**
   * What TMDB can fill (gap_service): movies lacking credits, images or
   * certifications (filled quietly), then collections and people whose own
   * page was never fetched. Those the movie syncs queued here bring in are
   * queued by `tmdb:sync --gaps --wait` once the movies are done (else by
   * the next run or the hourly backfill).
   */
  gaps?: boolean
  /** Sync movies TMDB changed in the last N hours. */
  changesHours?: number
  trending?: boolean
  popular?: boolean
  upcoming?: boolean
  /** TMDB's watch providers: names, logos and each region's list (the movies' offers come with their syncs). */
  watchProviders?: boolean
}

export interface QueuedJob {
  kind: 'movie' | 'person' | 'collection' | 'changes' | 'trending' | 'popular' | 'upcoming' | 'watch-providers'
  label: string
  job: Job
}

export type JobOutcome =
  | { label: string; jobId: string; state: 'completed'; result: unknown }
  | { label: string; jobId: string; state: 'failed'; reason: string }

/**
 * One cheap authenticated call, so an operator learns about a missing or
 * wrong token or an unreachable TMDB before jobs fail one by one. Throws
 * TmdbConfigurationError, TmdbAuthError or TmdbUnreachableError.
 */
export async function checkTmdbAccess() {
  const client = TmdbClient.fromEnv({ maxRetries: 1, timeoutMs: 5_000 })
  await client.configuration()
  return client.baseUrl
}

/** TMDB ids of movies linked to TMDB but never synced (and not known to be missing there). */
export async function missingTmdbIds() {
  const movies = await Movie.query()
    .whereNotNull('tmdb_id')
    .whereNull('tmdb_status')
    .whereNull('metadata_synced_at')
    .orderBy('id')
    .select('tmdb_id')
  return movies.map((movie) => movie.tmdbId!)
}

/** Queues the plan's jobs (the same jobs the schedules and the API queue). */
export async function queueSyncPlan(plan: SyncPlan): Promise<QueuedJob[]> {
  const queued: QueuedJob[] = []
  const ids = new Set(plan.ids ?? [])
  if (plan.missing) for (const id of await missingTmdbIds()) ids.add(id)
  for (const job of await enqueueMovieSyncs(ids)) {
    queued.push({ kind: 'movie', label: `movie ${(job.data as { tmdbId: number }).tmdbId}`, job })
  }
  if (plan.gaps) {
    const gaps = (await gapTmdbIds()).filter((id) => !ids.has(id))
    for (const job of await enqueueMovieSyncs(gaps, { quiet: true })) {
      queued.push({ kind: 'movie', label: `movie ${(job.data as { tmdbId: number }).tmdbId}`, job })
    }
    queued.push(...(await queueGapPages()))
  }
  if (plan.changesHours !== undefined) {
    const job = await SyncChangesJob.dispatch({ hours: plan.changesHours })
    queued.push({ kind: 'changes', label: `changes of the last ${plan.changesHours} h`, job })
  }
  if (plan.trending) {
    for (const window of ['day', 'week'] as const) {
      queued.push({
        kind: 'trending',
        label: `trending (${window})`,
        job: await RefreshTrendingJob.dispatch({ window }),
      })
    }
  }
  if (plan.popular) {
    queued.push({ kind: 'popular', label: 'popular', job: await RefreshPopularJob.dispatch({}) })
  }
  if (plan.upcoming) {
    queued.push({ kind: 'upcoming', label: 'upcoming', job: await RefreshUpcomingJob.dispatch({}) })
  }
  if (plan.watchProviders) {
    queued.push({ kind: 'watch-providers', label: 'watch providers', job: await RefreshWatchProvidersJob.dispatch({}) })
  }
  return queued
}

/**
 * Collections and people whose own TMDB page was never fetched (gap_service).
 * `tmdb:sync --gaps --wait` calls it again once the movie syncs are done,
 * for the people and collections those brought in.
 */
export async function queueGapPages(): Promise<QueuedJob[]> {
  const queued: QueuedJob[] = []
  for (const job of await enqueueCollectionSyncs(await gapCollectionTmdbIds())) {
    queued.push({ kind: 'collection', label: `collection ${(job.data as { tmdbId: number }).tmdbId}`, job })
  }
  for (const job of await enqueuePersonSyncs(await gapPersonTmdbIds())) {
    queued.push({ kind: 'person', label: `person ${(job.data as { tmdbId: number }).tmdbId}`, job })
  }
  return queued
}

/** Workers connected to the metadata queue, in any process. */
export async function metadataWorkerCount() {
  return (await queue.queue(SyncMovieJob.queueName).getWorkers()).length
}

/**
 * Waits until every job has completed or failed for good (after its
 * retries), reporting each as it settles. One listener for all jobs, so
 * waiting on thousands of syncs (--missing) stays cheap.
 */
export async function waitForJobs(
  jobs: QueuedJob[],
  onSettled?: (outcome: JobOutcome, settled: number, total: number) => void
): Promise<JobOutcome[]> {
  if (!jobs.length) return []
  const events = await queue.events(SyncMovieJob.queueName)
  const metadata = queue.queue(SyncMovieJob.queueName)
  const pending = new Map(jobs.map((entry) => [String(entry.job.id), entry]))
  const outcomes: JobOutcome[] = []

  return new Promise((resolve) => {
    const settle = (
      jobId: string,
      end: { state: 'completed'; result: unknown } | { state: 'failed'; reason: string }
    ) => {
      const entry = pending.get(jobId)
      if (!entry) return
      pending.delete(jobId)
      const outcome: JobOutcome = { label: entry.label, jobId, ...end }
      outcomes.push(outcome)
      onSettled?.(outcome, outcomes.length, jobs.length)
      if (!pending.size) {
        events.off('completed', onCompleted)
        events.off('failed', onFailed)
        resolve(outcomes)
      }
    }
    const onCompleted = ({ jobId, returnvalue }: { jobId: string; returnvalue: unknown }) =>
      settle(jobId, { state: 'completed', result: returnvalue })
    const onFailed = ({ jobId, failedReason }: { jobId: string; failedReason: string }) =>
      settle(jobId, { state: 'failed', reason: failedReason })
    events.on('completed', onCompleted)
    events.on('failed', onFailed)

    // Jobs that finished before the listeners were in place (deduplicated
    // onto a job that was already running, or simply fast).
    void (async () => {
      for (const jobId of [...pending.keys()]) {
        const state = await metadata.getJobState(jobId)
        if (state !== 'completed' && state !== 'failed' && state !== 'unknown') continue
        // Read after the state: a job fetched while running lacks its outcome.
        const job = await metadata.getJob(jobId)
        if (!job) {
          settle(jobId, { state: 'failed', reason: 'the job was removed before it finished' })
        } else if (state === 'completed') {
          settle(jobId, { state: 'completed', result: job.returnvalue })
        } else {
          settle(jobId, { state: 'failed', reason: job.failedReason })
        }
      }
    })()
  })
}
