import { inject } from '@adonisjs/core'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Report, { type ReportTargetType } from '#models/report'
import Rating from '#models/rating'
import Comment from '#models/comment'
import List from '#models/list'
import type User from '#models/user'
import CommentService from '#services/social/comment_service'
import { invalidateMovie } from '#services/catalogue/catalogue_cache'
import { invalidateMovieEngagement } from '#services/catalogue/movie_engagement_cache'
import { invalidateFeedActor } from '#services/social/feed_cache'
import AuditLogService from '#services/admin/audit_log_service'
import UserAdminService from '#services/admin/user_admin_service'

export type ModerationAction = 'hide' | 'delete' | 'dismiss' | 'suspend_author'

export interface ReportGroup {
  targetType: ReportTargetType
  targetId: number
  author: { id: number; username: string; suspended: boolean } | null
  /** Current content (null when it is gone), else the snapshot taken at report time. */
  content: string | null
  snapshot: string | null
  hidden: boolean
  context: string
  reports: Report[]
}

export const GROUPS_PAGE_SIZE = 10

export class TargetGoneError extends Error {}

/** The moderation queue: open reports grouped by what they report. */
@inject()
export default class ModerationService {
  constructor(
    protected comments: CommentService,
    protected userAdmin: UserAdminService,
    protected auditLog: AuditLogService
  ) {}

  async openGroups(page: number) {
    const targets = await db
      .from('reports')
      .where('status', 'open')
      .select('target_type', 'target_id')
      .min('created_at as first_reported')
      .count('* as reports')
      .groupBy('target_type', 'target_id')
      .orderBy('first_reported', 'asc')
      .paginate(page, GROUPS_PAGE_SIZE)

    const groups: ReportGroup[] = []
    for (const row of targets.all() as { target_type: ReportTargetType; target_id: string }[]) {
      groups.push(await this.group(row.target_type, Number(row.target_id)))
    }
    return { groups, meta: targets.getMeta() as { total: number; currentPage: number; lastPage: number } }
  }

  async group(targetType: ReportTargetType, targetId: number): Promise<ReportGroup> {
    const reports = await Report.query()
      .where('status', 'open')
      .where('target_type', targetType)
      .where('target_id', targetId)
      .preload('reporter')
      .orderBy('created_at', 'asc')
    const authorId = reports[0]?.targetUserId ?? null
    const author = authorId
      ? await db.from('users').where('id', authorId).select('id', 'username', 'suspended_at').first()
      : null
    const live = await this.liveContent(targetType, targetId)
    return {
      targetType,
      targetId,
      author: author ? { id: author.id, username: author.username, suspended: Boolean(author.suspended_at) } : null,
      content: live?.content ?? null,
      snapshot: reports[0]?.targetSnapshot ?? null,
      hidden: live?.hidden ?? false,
      context: live?.context ?? 'deleted',
      reports,
    }
  }

  private async liveContent(type: ReportTargetType, id: number) {
    if (type === 'review') {
      const row = await db
        .from('ratings')
        .join('movies', 'movies.id', 'ratings.movie_id')
        .where('ratings.id', id)
        .select('ratings.review', 'ratings.rating', 'ratings.hidden_at', 'movies.title')
        .first()
      if (!row || row.review === null) return null
      return { content: row.review as string, hidden: Boolean(row.hidden_at), context: `Review of “${row.title}” (${row.rating}★)` }
    }
    if (type === 'comment') {
      const row = await db
        .from('comments')
        .leftJoin('movies', 'movies.id', 'comments.movie_id')
        .leftJoin('lists', 'lists.id', 'comments.list_id')
        .leftJoin('ratings', 'ratings.id', 'comments.rating_id')
        .leftJoin('movies as reviewed', 'reviewed.id', 'ratings.movie_id')
        .where('comments.id', id)
        .select(
          'comments.body',
          'comments.hidden_at',
          'movies.title as movie_title',
          'lists.title as list_title',
          'reviewed.title as reviewed_title'
        )
        .first()
      if (!row || row.body === null) return null
      const on = row.movie_title
        ? `movie “${row.movie_title}”`
        : row.reviewed_title
          ? `a review of “${row.reviewed_title}”`
          : `list “${row.list_title}”`
      return { content: row.body as string, hidden: Boolean(row.hidden_at), context: `Comment on ${on}` }
    }
    const list = await List.find(id)
    if (!list) return null
    return {
      content: [list.title, list.description ?? ''].filter(Boolean).join('\n'),
      hidden: list.privacy === 'private',
      context: `List (${list.privacy})`,
    }
  }

  /**
   * Resolves every open report of a target with one action and writes the
   * audit log. `suspend_author` also acts on the reports (actioned).
   */
  async resolve(
    actor: User,
    targetType: ReportTargetType,
    targetId: number,
    action: ModerationAction,
    note: string | null,
    ip: string | null
  ) {
    const group = await this.group(targetType, targetId)
    if (!group.reports.length) throw new TargetGoneError('There is no open report on this item')

    if (action === 'hide') await this.hide(targetType, targetId)
    if (action === 'delete') await this.remove(targetType, targetId, actor)
    if (action === 'suspend_author') {
      if (!group.author) throw new TargetGoneError('The author of this item no longer exists')
      await this.userAdmin.suspend(actor, group.author.id, note ?? 'Reported content', ip)
    }

    await Report.query()
      .where('status', 'open')
      .where('target_type', targetType)
      .where('target_id', targetId)
      .update({
        status: action === 'dismiss' ? 'dismissed' : 'actioned',
        resolvedBy: actor.id,
        resolvedAt: DateTime.now().toSQL(),
        resolutionNote: note ?? action,
        updatedAt: DateTime.now().toSQL(),
      })

    await this.auditLog.record(
      actor,
      {
        action: `report.${action}`,
        targetType,
        targetId,
        details: { reports: group.reports.map((r) => r.id), author_id: group.author?.id ?? null, note },
      },
      ip
    )
  }

  private async hide(type: ReportTargetType, id: number) {
    const now = DateTime.now().toSQL()
    if (type === 'review') {
      const rating = await Rating.find(id)
      if (!rating) throw new TargetGoneError('The review no longer exists')
      await Rating.query().where('id', id).update({ hidden_at: now })
      await invalidateMovie(rating.movieId)
    } else if (type === 'comment') {
      const updated = await Comment.query().where('id', id).update({ hidden_at: now })
      if (!updated) throw new TargetGoneError('The comment no longer exists')
    } else {
      // A list is hidden by making it private: only its owner sees it.
      const ownerId = (await List.find(id))?.userId
      const updated = await List.query().where('id', id).update({ privacy: 'private' })
      if (!updated) throw new TargetGoneError('The list no longer exists')
      // Bypasses the model hooks: drop friends' cached feed pages showing it.
      if (ownerId) await invalidateFeedActor(ownerId)
      // No longer public: its movies' stats stop counting it.
      const items: { movie_id: number }[] = await db.from('list_items').where('list_id', id).select('movie_id')
      await invalidateMovieEngagement(items.map((item) => item.movie_id))
    }
  }

  private async remove(type: ReportTargetType, id: number, actor: User) {
    if (type === 'review') {
      // The rating stays (it is the user's score); only the text goes.
      const rating = await Rating.find(id)
      if (!rating) return
      rating.review = null
      await rating.save()
      await invalidateMovie(rating.movieId)
    } else if (type === 'comment') {
      const comment = await Comment.find(id)
      if (comment && !comment.deletedAt) await this.comments.destroy(id, actor)
    } else {
      const ownerId = (await List.find(id))?.userId
      await List.query().where('id', id).delete()
      if (ownerId) await invalidateFeedActor(ownerId)
    }
  }
}
