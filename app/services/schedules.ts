import queue from '#services/queue'

/**
 * Repeatable jobs (BullMQ job schedulers). Upserting is idempotent, so every
 * worker process may call this at start.
 */
export async function registerSchedules() {
  const schedules: {
    queue: Parameters<typeof queue.queue>[0]
    id: string
    pattern: string
    job: string
    data?: Record<string, unknown>
  }[] = [
    // Expired data exports (imports queue): files and rows gone within the hour.
    { queue: 'imports', id: 'purge-expired-exports', pattern: '40 * * * *', job: 'purge-expired-exports', data: {} },
    // Expired tokens, old sign-ins and used codes (mail queue, with the codes it sends): nightly.
    { queue: 'mail', id: 'purge-auth-records', pattern: '10 4 * * *', job: 'purge-auth-records', data: {} },
    // TMDB (metadata queue). Nightly ones run in the small hours, UTC.
    { queue: 'metadata', id: 'tmdb-trending-day', pattern: '5 * * * *', job: 'refresh-trending', data: { window: 'day' } },
    { queue: 'metadata', id: 'tmdb-trending-week', pattern: '20 2 * * *', job: 'refresh-trending', data: { window: 'week' } },
    { queue: 'metadata', id: 'tmdb-popular', pattern: '35 2 * * *', job: 'refresh-popular', data: {} },
    { queue: 'metadata', id: 'tmdb-upcoming', pattern: '50 2 * * *', job: 'refresh-upcoming', data: {} },
    // Every 6 h over the last 7 h: an hour of overlap so no change falls between runs.
    { queue: 'metadata', id: 'tmdb-changes', pattern: '15 */6 * * *', job: 'sync-changes', data: { hours: 7 } },
    // Gaps TMDB can fill (credits, images, certifications, people): a batch of movies every hour.
    { queue: 'metadata', id: 'tmdb-gaps-backfill', pattern: '25 * * * *', job: 'backfill-gaps', data: {} },
    // Series discovery: popular and trending shows arrive with their seasons; on the air ones get new episodes.
    { queue: 'metadata', id: 'tmdb-series-trending-day', pattern: '45 */6 * * *', job: 'refresh-series-list', data: { list: 'trending-day' } },
    { queue: 'metadata', id: 'tmdb-series-trending-week', pattern: '5 2 * * *', job: 'refresh-series-list', data: { list: 'trending-week' } },
    { queue: 'metadata', id: 'tmdb-series-popular', pattern: '40 2 * * *', job: 'refresh-series-list', data: { list: 'popular' } },
    { queue: 'metadata', id: 'tmdb-series-on-the-air', pattern: '55 2 * * *', job: 'refresh-series-list', data: { list: 'on-the-air' } },
    // Episodes of every show on someone's watchlist, before people wake up.
    { queue: 'metadata', id: 'tmdb-series-watchlist', pattern: '10 3 * * *', job: 'refresh-watchlist-series', data: {} },
    // Recommender (ml queue): nightly retraining after the TMDB refreshes; a failure keeps the previous model.
    { queue: 'ml', id: 'recommender-nightly', pattern: '30 3 * * *', job: 'train-recommender', data: { trigger: 'nightly' } },
    // Weekly picks (notifications queue): Mondays, after that night's retraining.
    { queue: 'notifications', id: 'recommendation-digest-weekly', pattern: '0 9 * * 1', job: 'recommendation-digest', data: {} },
  ]
  for (const schedule of schedules) {
    await queue
      .queue(schedule.queue)
      .upsertJobScheduler(
        schedule.id,
        { pattern: schedule.pattern, tz: 'UTC' },
        { name: schedule.job, data: schedule.data ?? {} }
      )
  }
}
