import type { QueueName } from '#config/queue'

/** A repeatable run of a job (a BullMQ job scheduler): cron `pattern`, UTC. */
export interface JobSchedule {
  /** The scheduler's id in Redis (health and the admin panel name it). */
  id: string
  pattern: string
  data: Record<string, unknown>
}

export interface JobDefinition {
  queue: QueueName
  schedules?: readonly JobSchedule[]
}

/**
 * Every job, by name: the one place a job name is defined, with the queue
 * it runs on and its repeatable runs. Everything else derives from it:
 * - a job class declares `static jobName = '<name>' as const` (typed by
 *   `JobName`), and `BaseJob.dispatch` reads the queue here;
 * - workers load the classes through app/jobs/queue/job_classes.ts, a map
 *   the compiler checks against these names (and the schedules' data
 *   against each class's payload);
 * - app/jobs/queue/schedules.ts registers, checks and restores the schedules.
 *
 * A leaf module (types only): services that dispatch jobs and the jobs
 * themselves may import it without an import circle.
 */
export const jobs = {
  // TMDB (metadata queue). Nightly ones run in the small hours, UTC.
  'sync-movie': { queue: 'metadata' },
  // A person's page and a collection's page: gaps the backfill and `tmdb:sync --gaps` fill.
  'sync-person': { queue: 'metadata' },
  'sync-collection': { queue: 'metadata' },
  'sync-series': { queue: 'metadata' },
  'refresh-trending': {
    queue: 'metadata',
    schedules: [
      { id: 'tmdb-trending-day', pattern: '5 * * * *', data: { window: 'day' } },
      { id: 'tmdb-trending-week', pattern: '20 2 * * *', data: { window: 'week' } },
    ],
  },
  'refresh-popular': { queue: 'metadata', schedules: [{ id: 'tmdb-popular', pattern: '35 2 * * *', data: {} }] },
  'refresh-upcoming': { queue: 'metadata', schedules: [{ id: 'tmdb-upcoming', pattern: '50 2 * * *', data: {} }] },
  // Every 6 h over the last 7 h: an hour of overlap so no change falls between runs.
  'sync-changes': { queue: 'metadata', schedules: [{ id: 'tmdb-changes', pattern: '15 */6 * * *', data: { hours: 7 } }] },
  // Gaps TMDB can fill (credits, images, certifications, people): a batch of movies every hour.
  'backfill-gaps': { queue: 'metadata', schedules: [{ id: 'tmdb-gaps-backfill', pattern: '25 * * * *', data: {} }] },
  // TMDB's watch providers (names, logos, regions' display order); the offers come with each movie's sync.
  'refresh-watch-providers': {
    queue: 'metadata',
    schedules: [{ id: 'tmdb-watch-providers', pattern: '0 2 * * *', data: {} }],
  },
  // Series discovery: popular and trending shows arrive with their seasons; on the air ones get new episodes.
  'refresh-series-list': {
    queue: 'metadata',
    schedules: [
      { id: 'tmdb-series-trending-day', pattern: '45 */6 * * *', data: { list: 'trending-day' } },
      { id: 'tmdb-series-trending-week', pattern: '5 2 * * *', data: { list: 'trending-week' } },
      { id: 'tmdb-series-popular', pattern: '40 2 * * *', data: { list: 'popular' } },
      { id: 'tmdb-series-on-the-air', pattern: '55 2 * * *', data: { list: 'on-the-air' } },
    ],
  },
  // Episodes of every show on someone's watchlist, before people wake up.
  'refresh-watchlist-series': {
    queue: 'metadata',
    schedules: [{ id: 'tmdb-series-watchlist', pattern: '10 3 * * *', data: {} }],
  },

  // Mail queue, with the expired tokens, old sign-ins and used codes purged nightly.
  'send-password-reset-code': { queue: 'mail' },
  'send-email-verification-code': { queue: 'mail' },
  'purge-auth-records': { queue: 'mail', schedules: [{ id: 'purge-auth-records', pattern: '10 4 * * *', data: {} }] },
  // Notification emails: one digest a day per user with something waiting, in the morning (UTC).
  'notification-digests': {
    queue: 'mail',
    schedules: [{ id: 'notification-digests-daily', pattern: '0 8 * * *', data: {} }],
  },
  'send-notification-digest': { queue: 'mail' },

  // Imports queue: user data in and out; expired data exports gone within the hour.
  'import-user-data': { queue: 'imports' },
  'export-user-data': { queue: 'imports' },
  'purge-expired-exports': {
    queue: 'imports',
    schedules: [{ id: 'purge-expired-exports', pattern: '40 * * * *', data: {} }],
  },

  // Recommender (ml queue): nightly retraining after the TMDB refreshes; a failure keeps the previous model.
  'train-recommender': {
    queue: 'ml',
    schedules: [{ id: 'recommender-nightly', pattern: '30 3 * * *', data: { trigger: 'nightly' } }],
  },

  // Notifications queue: short jobs, several workers.
  'flush-view-history': { queue: 'notifications' },
  'broadcast-notification': { queue: 'notifications' },
  'social-notification': { queue: 'notifications' },
  'feed-fan-out': { queue: 'notifications' },
  'chat-message-notification': { queue: 'notifications' },
  'comment-reply-notification': { queue: 'notifications' },
  'movie-added-notification': { queue: 'notifications' },
  'favorite-update-notification': { queue: 'notifications' },
  // A movie on someone's watchlist arrived on one of their streaming services (seen by the movie sync).
  'availability-notification': { queue: 'notifications' },
  // Weekly picks: Mondays, after that night's retraining.
  'recommendation-digest': {
    queue: 'notifications',
    schedules: [{ id: 'recommendation-digest-weekly', pattern: '0 9 * * 1', data: {} }],
  },
} as const satisfies Record<string, JobDefinition>

export type JobName = keyof typeof jobs

/** The queue a job runs on. */
export function queueOf(name: JobName): QueueName {
  return jobs[name].queue
}
