import { inject } from '@adonisjs/core'
import db from '@adonisjs/lucid/services/db'
import Report, { type ReportReason, type ReportTargetType } from '#models/report'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import ReviewService from '#services/library/review_service'
import { MOVIE_KIND } from '#services/catalogue/title_kinds'
import CommentService from '#services/social/comment_service'
import { findViewableListOrFail } from '#services/lists/list_access'
import ReportTransformer, { type ReportResource } from '#transformers/report_transformer'

export interface ReportInput {
  reason: ReportReason
  message?: string
  shareToken?: string
}

export type { ReportResource }

const SNAPSHOT_LENGTH = 5000

/**
 * Reports of reviews, comments and lists go to the moderation queue
 * (`reports`, resolved in the admin panel). Only what the reporter can see
 * can be reported; one open report per reporter and target.
 */
@inject()
export default class ReportService {
  constructor(
    protected comments: CommentService,
    protected reviews: ReviewService
  ) {}

  async report(
    targetType: ReportTargetType,
    targetId: number,
    reporter: User,
    input: ReportInput
  ): Promise<ReportResource> {
    const target = await this.resolveTarget(targetType, targetId, reporter, input.shareToken)
    try {
      const report = await Report.create({
        reporterId: reporter.id,
        targetType,
        targetId,
        targetUserId: target.userId,
        targetSnapshot: target.snapshot.slice(0, SNAPSHOT_LENGTH),
        reason: input.reason,
        message: input.message ?? null,
        status: 'open',
      })
      return ReportTransformer.resource(report)
    } catch (error) {
      // reports_open_unique: this reporter already has an open report on it.
      if ((error as { code?: string }).code === '23505') {
        throw ApiException.conflict('You already reported this; a moderator will look at it')
      }
      throw error
    }
  }

  /** Open reports, oldest first: the admin panel's queue. */
  openQueue(limit = 50) {
    return Report.query().where('status', 'open').orderBy('created_at', 'asc').preload('reporter').limit(limit)
  }

  private async resolveTarget(
    type: ReportTargetType,
    id: number,
    reporter: User,
    shareToken?: string
  ): Promise<{ userId: number; snapshot: string }> {
    if (type === 'review') {
      const review = await this.reviews.findVisibleOrFail(MOVIE_KIND, id, reporter)
      return { userId: review.userId, snapshot: review.body }
    }
    if (type === 'comment') {
      const comment = await this.comments.findAccessibleOrFail(id, reporter, shareToken)
      return { userId: comment.userId, snapshot: comment.body ?? '' }
    }
    const list = await findViewableListOrFail(id, reporter, shareToken)
    const items = await db
      .from('list_items')
      .join('movies', 'movies.id', 'list_items.movie_id')
      .where('list_items.list_id', list.id)
      .orderBy('list_items.position')
      .limit(50)
      .select('movies.title', 'list_items.note')
    const lines = items.map((item) => `- ${item.title}${item.note ? `: ${item.note}` : ''}`)
    return {
      userId: list.userId,
      snapshot: [list.title, list.description ?? '', ...lines].filter(Boolean).join('\n'),
    }
  }
}
