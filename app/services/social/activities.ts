import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import FeedFanOutJob from '#jobs/feed_fan_out_job'

export const ACTIVITY_TYPES = ['rating', 'review', 'diary_entry', 'watchlist_add', 'list_created', 'friendship'] as const
export type ActivityType = (typeof ACTIVITY_TYPES)[number]

/**
 * Records what a user did for their friends' feeds and queues its fan-out
 * (app/jobs/feed_fan_out_job.ts). One row per (user, type, subject):
 * editing a rating does not flood the feed, a new friendship with the same
 * person again moves to the top. A failure is logged, never fails the
 * write that triggered it (the feed is secondary to the user's own data).
 */
export async function recordActivity(
  userId: number,
  type: ActivityType,
  subjectId: number,
  movieId: number | null = null
) {
  try {
    const insert = db
      .table('activities')
      .insert({ user_id: userId, type, subject_id: subjectId, movie_id: movieId })
      .onConflict(['user_id', 'type', 'subject_id'])
    const rows: { id: string | number }[] =
      type === 'friendship'
        ? await insert.merge({ created_at: new Date() }).returning('id')
        : await insert.ignore().returning('id')
    if (rows.length) await FeedFanOutJob.dispatch({ kind: 'activity', activityId: Number(rows[0].id) })
  } catch (error) {
    logger.warn({ err: error, userId, type, subjectId }, 'could not record feed activity')
  }
}
