import type BaseJob from '#jobs/base_job'
import type { PayloadOf } from '#jobs/base_job'
import { jobs, type JobName } from '#jobs/registry'

/**
 * The class of every job in the registry (app/jobs/registry.ts), imported
 * lazily so a worker loads only the jobs it runs (and the web process none
 * through here). A separate module from the registry on purpose: the
 * registry is a leaf that services and jobs import to dispatch, and these
 * loaders import every job (with the services they call), so putting them
 * in the registry would close an import circle through every job that
 * dispatches another one. Only the workers import this file.
 *
 * The compiler checks the map against the registry: one loader per name, a
 * class whose `jobName` is that name, and schedules whose data the class's
 * payload accepts.
 */
export const jobClasses = {
  'sync-movie': () => import('#jobs/sync_movie_job'),
  'sync-person': () => import('#jobs/sync_person_job'),
  'sync-collection': () => import('#jobs/sync_collection_job'),
  'sync-series': () => import('#jobs/sync_series_job'),
  'refresh-trending': () => import('#jobs/refresh_trending_job'),
  'refresh-popular': () => import('#jobs/refresh_popular_job'),
  'refresh-upcoming': () => import('#jobs/refresh_upcoming_job'),
  'sync-changes': () => import('#jobs/sync_changes_job'),
  'backfill-gaps': () => import('#jobs/backfill_gaps_job'),
  'refresh-watch-providers': () => import('#jobs/refresh_watch_providers_job'),
  'refresh-series-list': () => import('#jobs/refresh_series_list_job'),
  'refresh-watchlist-series': () => import('#jobs/refresh_watchlist_series_job'),
  'send-password-reset-code': () => import('#jobs/send_password_reset_code_job'),
  'send-email-verification-code': () => import('#jobs/send_email_verification_code_job'),
  'purge-auth-records': () => import('#jobs/purge_auth_records_job'),
  'notification-digests': () => import('#jobs/notification_digests_job'),
  'send-notification-digest': () => import('#jobs/send_notification_digest_job'),
  'import-user-data': () => import('#jobs/import_user_data_job'),
  'export-user-data': () => import('#jobs/export_user_data_job'),
  'purge-expired-exports': () => import('#jobs/purge_expired_exports_job'),
  'train-recommender': () => import('#jobs/train_recommender_job'),
  'flush-view-history': () => import('#jobs/flush_view_history_job'),
  'broadcast-notification': () => import('#jobs/broadcast_notification_job'),
  'social-notification': () => import('#jobs/social_notification_job'),
  'feed-fan-out': () => import('#jobs/feed_fan_out_job'),
  'chat-message-notification': () => import('#jobs/chat_message_notification_job'),
  'comment-reply-notification': () => import('#jobs/comment_reply_notification_job'),
  'movie-added-notification': () => import('#jobs/movie_added_notification_job'),
  'favorite-update-notification': () => import('#jobs/favorite_update_notification_job'),
  'availability-notification': () => import('#jobs/availability_notification_job'),
  'recommendation-digest': () => import('#jobs/recommendation_digest_job'),
} satisfies { [N in JobName]: () => Promise<{ default: (new (...args: any[]) => BaseJob<any>) & { jobName: N } }> }

type JobClassOf<N extends JobName> = Awaited<ReturnType<(typeof jobClasses)[N]>>['default']
type ScheduleDataOf<N extends JobName> = (typeof jobs)[N] extends { schedules: readonly { data: infer D }[] } ? D : never
/** The names whose scheduled data their class's payload would not accept (none). */
type MisfitSchedules = {
  [N in JobName]: [ScheduleDataOf<N>] extends [PayloadOf<InstanceType<JobClassOf<N>>>] ? never : N
}[JobName]
// Fails to compile, naming the job, when a schedule's data does not fit its payload.
const schedulesFitPayloads: [MisfitSchedules] extends [never] ? true : MisfitSchedules = true
void schedulesFitPayloads

/** What a worker needs of a job class: something it can build and hand a payload. */
type RunnableJobClass = new (...args: any[]) => Pick<BaseJob<any>, 'handle'>

/** The class for a job name off the queue; undefined for a name the registry does not know. */
export async function resolveJob(name: string): Promise<RunnableJobClass | undefined> {
  if (!Object.hasOwn(jobClasses, name)) return undefined
  return (await jobClasses[name as JobName]()).default
}
