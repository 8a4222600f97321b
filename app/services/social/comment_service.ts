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
import { hiddenUserIdsFor, isBlockedBetween } from '#services/social/friendship_gate'
import CommentPolicy from '#policies/comment_policy'
import { bouncerFor } from '#policies/bouncer_for'
import { paginationMeta, type Page, type PageRequest } from '#services/http/pagination'
import CommentTransformer, { type CommentResource } from '#transformers/comment_transformer'

type CommentQuery = ModelQueryBuilderContract<typeof Comment, Comment>

/** What a thread hangs on. */
export type CommentSubject = { type: 'movie'; id: number } | { type: 'list'; id: number }

export { DELETED_BODY, type CommentResource } from '#transformers/comment_transformer'

export interface CommentListOptions {
  sort: CommentSort
  page: PageRequest
  path: string
  query: Record<string, unknown>
}

/**
 * Threaded comments on movies and lists. Reading a thread requires seeing
 * its subject (a hidden movie or a private list hides its comments too).
 * A comment deleted while it has replies stays as a "[deleted]"
 * placeholder; placeholders left without replies disappear.
 */
export default class CommentService {
  /** Top-level comments of a movie or list, each with its replies_count. */
  async listForSubject(
    subject: CommentSubject,
    viewer: User | null,
    shareToken: string | undefined,
    options: CommentListOptions
  ): Promise<Page<CommentResource>> {
    await this.assertSubjectVisible(subject, viewer, shareToken)
    const base = Comment.query()
      .where(subject.type === 'movie' ? 'comments.movie_id' : 'comments.list_id', subject.id)
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
    await this.assertSubjectVisible(subject, user, shareToken)
    const comment = await db.transaction(async (trx) => {
      if (input.parentId !== undefined) await this.lockParent(trx, subject, input.parentId, user)
      return Comment.create(
        {
          userId: user.id,
          movieId: subject.type === 'movie' ? subject.id : null,
          listId: subject.type === 'list' ? subject.id : null,
          parentId: input.parentId ?? null,
          body: input.body,
        },
        { client: trx }
      )
    })
    await comment.load('user')
    // The parent's author hears about a reply from the notifications worker, not this request.
    if (comment.parentId !== null) await CommentReplyNotificationJob.dispatch({ replyId: comment.id })
    return CommentTransformer.resource(comment, 0)
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
  async update(comment: Comment, body: string): Promise<CommentResource> {
    comment.body = body
    comment.editedAt = DateTime.now()
    await comment.save()
    await comment.load('user')
    return CommentTransformer.resource(comment, await this.repliesCount(comment.id))
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
    return comment.movieId !== null ? { type: 'movie', id: comment.movieId } : { type: 'list', id: comment.listId! }
  }

  private async assertSubjectVisible(subject: CommentSubject, viewer: User | null, shareToken?: string) {
    if (subject.type === 'movie') await findVisibleMovieOrFail(subject.id, viewer)
    else await findViewableListOrFail(subject.id, viewer, shareToken)
  }

  /**
   * The parent must be a live comment of the same thread. Locking it (FOR
   * SHARE) until the reply is in makes a concurrent delete see the reply
   * and keep the parent as a placeholder rather than remove it.
   */
  private async lockParent(trx: TransactionClientContract, subject: CommentSubject, parentId: number, user: User) {
    const parent = await Comment.query({ client: trx }).where('id', parentId).forShare().first()
    const sameSubject =
      parent &&
      (subject.type === 'movie' ? parent.movieId === subject.id : parent.listId === subject.id) &&
      !parent.isDeleted
    if (!sameSubject || (await isBlockedBetween(parent.userId, user.id))) {
      throw ApiException.validation([
        { field: 'parent_id', rule: 'exists', message: 'The parent comment does not exist in this thread' },
      ])
    }
  }

  private async hasReplies(trx: TransactionClientContract, commentId: number) {
    return Boolean(await trx.from('comments').where('parent_id', commentId).select('id').first())
  }

  private async repliesCount(commentId: number) {
    const [row] = await db.from('comments').where('parent_id', commentId).count('* as total')
    return Number(row.total)
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
        scopes.sorted(options.sort)
      })
      .preload('user')
      .offset((options.page.page - 1) * options.page.perPage)
      .limit(options.page.perPage)
    return {
      data: comments.map((comment) => CommentTransformer.resource(comment, Number(comment.$extras.replies_count ?? 0))),
      meta: paginationMeta(total, options.page, options.path, options.query),
    }
  }
}
