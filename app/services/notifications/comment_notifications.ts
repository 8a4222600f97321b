import { inject } from '@adonisjs/core'
import Comment from '#models/comment'
import List from '#models/list'
import Movie from '#models/movie'
import User from '#models/user'
import { isBlockedBetween } from '#services/social/friendship_gate'
import ListPolicy from '#policies/list_policy'
import { bouncerFor } from '#policies/bouncer_for'
import { visibleMovieIds } from '#services/catalogue/movie_lookup'
import NotificationService, { type NotificationResource } from '#services/notifications/notification_service'
import UserSummaryTransformer from '#transformers/user_summary_transformer'

/** Notifications about comment threads, written by CommentReplyNotificationJob. */
@inject()
export default class CommentNotifications {
  constructor(protected notifications: NotificationService) {}

  /**
   * `comment_reply` to the author of the comment `replyId` answers. Nobody
   * is told when: the reply or its parent is gone, one replied to oneself,
   * either blocked the other, the author is suspended, or the author may
   * no longer open the thread's movie or list. At most once per reply.
   */
  async replied(replyId: number): Promise<NotificationResource | null> {
    const reply = await Comment.query().where('id', replyId).preload('user').first()
    if (!reply || reply.isDeleted || reply.parentId === null) return null
    const parent = await Comment.find(reply.parentId)
    if (!parent || parent.isDeleted || parent.userId === reply.userId) return null
    const recipient = await User.find(parent.userId)
    if (!recipient || recipient.isSuspended || (await isBlockedBetween(recipient.id, reply.userId))) return null

    const subject = await this.subjectTitle(reply, recipient)
    if (subject === null) return null
    const already = await this.notifications.exists(recipient.id, 'comment_reply', 'comment_id', reply.id)
    if (already) return null

    const user = UserSummaryTransformer.summary(reply.user)
    return this.notifications.create({
      userId: recipient.id,
      type: 'comment_reply',
      title: 'New reply to your comment',
      message: `${user.display_name || user.username} replied to your comment on ${subject}`,
      movieId: reply.movieId,
      image: user.avatar_url,
      data: {
        comment_id: reply.id,
        parent_id: parent.id,
        movie_id: reply.movieId,
        list_id: reply.listId,
        user,
      },
    })
  }

  /** The thread's movie or list title, or null when `recipient` may not open it. */
  private async subjectTitle(reply: Comment, recipient: User): Promise<string | null> {
    if (reply.movieId !== null) {
      const visible = await visibleMovieIds([reply.movieId], recipient)
      if (!visible.has(reply.movieId)) return null
      const movie = await Movie.findOrFail(reply.movieId)
      return movie.title
    }
    const list = await List.find(reply.listId!)
    // A link-shared list: the author commented through the link, so they hold it.
    if (!list || !(await bouncerFor(recipient).with(ListPolicy).allows('view', list, list.shareToken))) return null
    return `the list “${list.title}”`
  }
}
