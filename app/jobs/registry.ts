import type BaseJob from '#jobs/base_job'

/** What a worker needs of a job class: something it can build and hand a payload. */
type JobClass = new () => Pick<BaseJob<any>, 'handle'>

/**
 * Every job class by name, imported lazily so a worker loads only what it
 * runs. A job name a worker does not know fails with that reason.
 */
export const jobs: Record<string, () => Promise<{ default: JobClass }>> = {
  'sync-movie': () => import('#jobs/sync_movie_job'),
  'sync-person': () => import('#jobs/sync_person_job'),
  'sync-collection': () => import('#jobs/sync_collection_job'),
  'refresh-trending': () => import('#jobs/refresh_trending_job'),
  'refresh-popular': () => import('#jobs/refresh_popular_job'),
  'refresh-upcoming': () => import('#jobs/refresh_upcoming_job'),
  'sync-changes': () => import('#jobs/sync_changes_job'),
  'sync-series': () => import('#jobs/sync_series_job'),
  'refresh-series-list': () => import('#jobs/refresh_series_list_job'),
  'backfill-gaps': () => import('#jobs/backfill_gaps_job'),
  'refresh-watchlist-series': () => import('#jobs/refresh_watchlist_series_job'),
  'send-password-reset-code': () => import('#jobs/send_password_reset_code_job'),
  'send-email-verification-code': () => import('#jobs/send_email_verification_code_job'),
  'flush-view-history': () => import('#jobs/flush_view_history_job'),
  'import-user-data': () => import('#jobs/import_user_data_job'),
  'export-user-data': () => import('#jobs/export_user_data_job'),
  'purge-expired-exports': () => import('#jobs/purge_expired_exports_job'),
  'purge-auth-records': () => import('#jobs/purge_auth_records_job'),
  'train-recommender': () => import('#jobs/train_recommender_job'),
  'broadcast-notification': () => import('#jobs/broadcast_notification_job'),
  'social-notification': () => import('#jobs/social_notification_job'),
  'feed-fan-out': () => import('#jobs/feed_fan_out_job'),
  'chat-message-notification': () => import('#jobs/chat_message_notification_job'),
  'comment-reply-notification': () => import('#jobs/comment_reply_notification_job'),
  'movie-added-notification': () => import('#jobs/movie_added_notification_job'),
  'favorite-update-notification': () => import('#jobs/favorite_update_notification_job'),
  'recommendation-digest': () => import('#jobs/recommendation_digest_job'),
}

export async function resolveJob(name: string): Promise<JobClass | undefined> {
  const loader = jobs[name]
  return loader ? (await loader()).default : undefined
}
