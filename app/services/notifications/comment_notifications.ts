import { inject } from '@adonisjs/core'
import db from '@adonisjs/lucid/services/db'
import Comment from '#models/comment'
import List from '#models/list'
import Movie from '#models/movie'
import User from '#models/user'
import { isBlockedBetween } from '#services/social/friendship_gate'
import ListPolicy from '#policies/list_policy'
import { bouncerFor } from '#policies/bouncer_for'
import { isFound } from '#policies/lookups'
import { visibleMovieIds } from '#services/catalogue/movie_lookup'
import { findDiscussedReviewOrFail } from '#services/library/review_lookup'
import NotificationService, { type NotificationResource } from '#services/notifications/notification_service'
import UserSummaryTransformer from '#transformers/user_summary_transformer'

/** A thread's subject as a message names it, and the movie the notification points at. */
interface ThreadSubject {
  name: string
  /** How the review's own author reads it ("your review of …"); review threads only. */
  ownName?: string
  movieId: number | null
}

/** Notifications about comment threads, written by CommentReplyNotificationJob. */
@inject()
export default class CommentNotifications {
  constructor(protected notifications: NotificationService) {}

  /**
   * `comment_reply` about the comment `commentId`: to the author of the
   * comment it answers, and, in a review's thread, to the review's author
   * (once when they also wrote that parent). Nobody is told when: the
   * comment or its parent is gone, one answered oneself, either blocked the
   * other, the recipient is suspended, or the recipient may no longer open
   * the thread's movie, list or review. At most once per comment and recipient.
   */
  async commented(commentId: number): Promise<NotificationResource[]> {
    const comment = await Comment.query().where('id', commentId).preload('user').first()
    if (!comment || comment.isDeleted) return []
    const created: NotificationResource[] = []

    let parentAuthorId: number | null = null
    if (comment.parentId !== null) {
      const parent = await Comment.find(comment.parentId)
      if (parent && !parent.isDeleted) {
        parentAuthorId = parent.userId
        const sent = await this.tell(comment, parent.userId, {
          title: 'New reply to your comment',
          message: (actor, subject) => `${actor} replied to your comment on ${subject.name}`,
        })
        if (sent) created.push(sent)
      }
    }
    if (comment.ratingId !== null) {
      const review: { user_id: number } | null = await db
        .from('ratings')
        .where('id', comment.ratingId)
        .select('user_id')
        .first()
      if (review && review.user_id !== parentAuthorId) {
        const sent = await this.tell(comment, review.user_id, {
          title: 'New comment on your review',
          message: (actor, subject) => `${actor} commented on ${subject.ownName ?? subject.name}`,
        })
        if (sent) created.push(sent)
      }
    }
    return created
  }

  private async tell(
    comment: Comment,
    recipientId: number,
    text: { title: string; message: (actor: string, subject: ThreadSubject) => string }
  ): Promise<NotificationResource | null> {
    if (recipientId === comment.userId) return null
    const recipient = await User.find(recipientId)
    if (!recipient || recipient.isSuspended || (await isBlockedBetween(recipient.id, comment.userId))) return null

    const subject = await this.subjectOf(comment, recipient)
    if (subject === null) return null
    if (await this.notifications.exists(recipient.id, 'comment_reply', 'comment_id', comment.id)) return null

    const user = UserSummaryTransformer.summary(comment.user)
    return this.notifications.create({
      userId: recipient.id,
      type: 'comment_reply',
      title: text.title,
      message: text.message(user.display_name || user.username, subject),
      movieId: subject.movieId,
      image: user.avatar_url,
      data: {
        comment_id: comment.id,
        parent_id: comment.parentId,
        movie_id: comment.movieId,
        list_id: comment.listId,
        ...(comment.ratingId !== null ? { review_id: comment.ratingId } : {}),
        user,
      },
    })
  }

  /** The thread's movie, list or review, or null when `recipient` may not open it. */
  private async subjectOf(comment: Comment, recipient: User): Promise<ThreadSubject | null> {
    if (comment.movieId !== null) {
      const visible = await visibleMovieIds([comment.movieId], recipient)
      if (!visible.has(comment.movieId)) return null
      const movie = await Movie.findOrFail(comment.movieId)
      return { name: movie.title, movieId: movie.id }
    }
    if (comment.ratingId !== null) {
      const review = findDiscussedReviewOrFail(comment.ratingId, recipient)
      if (!(await isFound(review))) return null
      const movie = await Movie.findOrFail((await review).movieId)
      return { name: `the review of “${movie.title}”`, ownName: `your review of “${movie.title}”`, movieId: movie.id }
    }
    const list = await List.find(comment.listId!)
    // A link-shared list: the author commented through the link, so they hold it.
    if (!list || !(await bouncerFor(recipient).with(ListPolicy).allows('view', list, list.shareToken))) return null
    return { name: `the list “${list.title}”`, movieId: null }
  }
}
