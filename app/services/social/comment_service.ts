import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import Comment, { type CommentSort } from '#models/comment'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import CommentReplyNotificationJob from '#jobs/comment_reply_notification_job'
import { findVisibleMovieOrFail } from '#services/catalogue/movie_lookup'
import { findViewableListOrFail } from '#services/lists/list_access'
import { findDiscussedReviewOrFail } from '#services/library/review_lookup'
import { hiddenUserIdsFor, isBlockedBetween } from '#services/social/friendship_gate'
import CommentPolicy, { type OwnedThread } from '#policies/comment_policy'
import { bouncerFor } from '#policies/bouncer_for'
import { paginationMeta, type Page, type PageRequest } from '#services/http/pagination'
import CommentTransformer, { type CommentResource } from '#transformers/comment_transformer'

type CommentQuery = ModelQueryBuilderContract<typeof Comment, Comment>

/** What a thread hangs on: a movie, a list or a movie review (its rating id). */
export type CommentSubject = { type: 'movie' | 'list' | 'review'; id: number }

/** The comments column pointing at each kind of subject. */
const SUBJECT_COLUMNS = { movie: 'movie_id', list: 'list_id', review: 'rating_id' } as const
const SUBJECT_KEYS = { movie: 'movieId', list: 'listId', review: 'ratingId' } as const

export { DELETED_BODY, type CommentResource } from '#transformers/comment_transformer'

export interface CommentListOptions {
  sort: CommentSort
  page: PageRequest
  path: string
  query: Record<string, unknown>
}

/**
 * Threaded comments on movies, lists and movie reviews. Reading a thread
 * requires seeing its subject (a hidden movie, a private list or a review
 * across a block hides its comments too); writing in a list's or review's
 * thread also its owner's `comment_policy` (CommentPolicy.create). A comment
 * deleted while it has replies stays as a "[deleted]" placeholder;
 * placeholders left without replies disappear. Likes are one row per user
 * and comment; each comment shows their count and the caller's own.
 */
export default class CommentService {
  /** Top-level comments of a movie, list or review, each with its replies_count and likes. */
  async listForSubject(
    subject: CommentSubject,
    viewer: User | null,
    shareToken: string | undefined,
    options: CommentListOptions
  ): Promise<Page<CommentResource>> {
    await this.assertSubjectVisible(subject, viewer, shareToken)
    const base = Comment.query()
      .where(`comments.${SUBJECT_COLUMNS[subject.type]}`, subject.id)
      .whereNull('comments.parent_id')
    return this.page(base, viewer, options)
  }

  /** Direct replies of a comment (oldest first unless sorted otherwise). */
  async replies(
    commentId: number,
    viewer: User | null,
    shareToken: string | undefined,
    options: CommentListOptions
  ): Promise<Page<CommentResource>> {
    await this.findAccessibleOrFail(commentId, viewer, shareToken, { allowDeleted: true })
    return this.page(Comment.query().where('comments.parent_id', commentId), viewer, options)
  }

  async create(
    subject: CommentSubject,
    user: User,
    input: { body: string; parentId?: number },
    shareToken?: string
  ): Promise<CommentResource> {
    const thread = await this.assertSubjectVisible(subject, user, shareToken)
    await bouncerFor(user).with(CommentPolicy).authorize('create', thread)
    const comment = await db.transaction(async (trx) => {
      if (input.parentId !== undefined) await this.lockParent(trx, subject, input.parentId, user)
      return Comment.create(
        {
          userId: user.id,
          movieId: subject.type === 'movie' ? subject.id : null,
          listId: subject.type === 'list' ? subject.id : null,
          ratingId: subject.type === 'review' ? subject.id : null,
          parentId: input.parentId ?? null,
          body: input.body,
        },
        { client: trx }
      )
    })
    await comment.load('user')
    // The parent's author (and a review's author) hears about it from the notifications worker, not this request.
    if (comment.parentId !== null || comment.ratingId !== null) {
      await CommentReplyNotificationJob.dispatch({ replyId: comment.id })
    }
    return CommentTransformer.resource(comment)
  }

  /** Idempotent: liking twice is one like. Anyone who may see the comment may like it, its author too (as reviews). */
  async like(commentId: number, user: User, shareToken?: string) {
    const comment = await this.findLikeableOrFail(commentId, user, shareToken)
    await db
      .table('comment_likes')
      .insert({ user_id: user.id, comment_id: comment.id })
      .onConflict(['user_id', 'comment_id'])
      .ignore()
  }

  /** Idempotent: unliking what is not liked is fine. */
  async unlike(commentId: number, user: User, shareToken?: string) {
    const comment = await this.findLikeableOrFail(commentId, user, shareToken)
    await db.from('comment_likes').where({ user_id: user.id, comment_id: comment.id }).delete()
  }

  /**
   * A comment the viewer may see (its movie or list visible, its author not
   * blocking them), or a 404. Placeholders only when `allowDeleted`.
   */
  async findAccessibleOrFail(
    commentId: number,
    viewer: User | null,
    shareToken?: string,
    { allowDeleted = false } = {}
  ): Promise<Comment> {
    const comment = await Comment.find(commentId)
    if (!comment || (comment.isDeleted && !allowDeleted)) throw ApiException.notFound('Comment not found')
    await bouncerFor(viewer).with(CommentPolicy).authorize('view', comment, shareToken)
    return comment
  }

  /** The owner's edit (authorisation is the caller's: CommentPolicy.edit). */
  async update(comment: Comment, body: string, viewer: User): Promise<CommentResource> {
    comment.body = body
    comment.editedAt = DateTime.now()
    await comment.save()
    const fresh = await Comment.query()
      .where('comments.id', comment.id)
      .apply((scopes) => {
        scopes.withRepliesCount()
        scopes.withLikes(viewer.id)
      })
      .preload('user')
      .firstOrFail()
    return CommentTransformer.resource(fresh)
  }

  /**
   * Removes a comment. With replies it becomes a placeholder; without, it
   * goes, and so do placeholder ancestors it was the last reply of.
   */
  async destroy(commentId: number, actor: User) {
    await db.transaction(async (trx) => {
      const comment = await Comment.query({ client: trx }).where('id', commentId).forUpdate().first()
      if (!comment || comment.isDeleted) throw ApiException.notFound('Comment not found')

      if (await this.hasReplies(trx, comment.id)) {
        comment.useTransaction(trx)
        comment.merge({ body: null, deletedAt: DateTime.now(), deletedBy: actor.id })
        await comment.save()
        return
      }
      await trx.from('comments').where('id', comment.id).delete()

      let parentId = comment.parentId
      while (parentId !== null) {
        const parent = await Comment.query({ client: trx }).where('id', parentId).forUpdate().first()
        if (!parent || !parent.isDeleted || (await this.hasReplies(trx, parent.id))) break
        await trx.from('comments').where('id', parent.id).delete()
        parentId = parent.parentId
      }
    })
  }

  subjectOf(comment: Comment): CommentSubject {
    if (comment.movieId !== null) return { type: 'movie', id: comment.movieId }
    if (comment.ratingId !== null) return { type: 'review', id: comment.ratingId }
    return { type: 'list', id: comment.listId! }
  }

  /** 404 unless the viewer may see the subject; its owner and comment_policy when it has one. */
  private async assertSubjectVisible(
    subject: CommentSubject,
    viewer: User | null,
    shareToken?: string
  ): Promise<OwnedThread | null> {
    if (subject.type === 'movie') {
      await findVisibleMovieOrFail(subject.id, viewer)
      return null
    }
    if (subject.type === 'review') {
      const review = await findDiscussedReviewOrFail(subject.id, viewer)
      return { ownerId: review.authorId, commentPolicy: review.commentPolicy }
    }
    const list = await findViewableListOrFail(subject.id, viewer, shareToken)
    return { ownerId: list.userId, commentPolicy: list.commentPolicy }
  }

  /** A live comment the user may see and that a moderator has not hidden (404 otherwise). */
  private async findLikeableOrFail(commentId: number, user: User, shareToken?: string) {
    const comment = await this.findAccessibleOrFail(commentId, user, shareToken)
    if (comment.hiddenAt) throw ApiException.notFound('Comment not found')
    return comment
  }

  /**
   * The parent must be a live comment of the same thread. Locking it (FOR
   * SHARE) until the reply is in makes a concurrent delete see the reply
   * and keep the parent as a placeholder rather than remove it.
   */
  private async lockParent(trx: TransactionClientContract, subject: CommentSubject, parentId: number, user: User) {
    const parent = await Comment.query({ client: trx }).where('id', parentId).forShare().first()
    const sameSubject = parent && parent[SUBJECT_KEYS[subject.type]] === subject.id && !parent.isDeleted
    if (!sameSubject || (await isBlockedBetween(parent.userId, user.id))) {
      throw ApiException.validation([
        { field: 'parent_id', rule: 'exists', message: 'The parent comment does not exist in this thread' },
      ])
    }
  }

  private async hasReplies(trx: TransactionClientContract, commentId: number) {
    return Boolean(await trx.from('comments').where('parent_id', commentId).select('id').first())
  }

  private async page(base: CommentQuery, viewer: User | null, options: CommentListOptions) {
    const hidden = await hiddenUserIdsFor(viewer?.id ?? null)
    if (hidden.length) base.whereNotIn('comments.user_id', hidden)
    // Comments a moderator hid (comments.hidden_at) are not shown to anyone.
    base.whereNull('comments.hidden_at')
    const [countRow] = await base.clone().count('* as total')
    const total = Number(countRow.$extras.total)
    const comments = await base
      .clone()
      .apply((scopes) => {
        scopes.withRepliesCount()
        scopes.withLikes(viewer?.id ?? null)
        scopes.sorted(options.sort)
      })
      .preload('user')
      .offset((options.page.page - 1) * options.page.perPage)
      .limit(options.page.perPage)
    return {
      data: comments.map((comment) => CommentTransformer.resource(comment)),
      meta: paginationMeta(total, options.page, options.path, options.query),
    }
  }
}
