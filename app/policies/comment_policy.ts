import { AuthorizationResponse, BasePolicy, allowGuest } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type Comment from '#models/comment'
import type { CommentPolicyValue } from '#models/comment'
import List from '#models/list'
import type User from '#models/user'
import { findVisibleMovieOrFail } from '#services/catalogue/movie_lookup'
import { findDiscussedReviewOrFail } from '#services/library/review_lookup'
import { areFriends, isBlockedBetween } from '#services/social/friendship_gate'
import { isFound } from '#policies/lookups'
import ListPolicy from '#policies/list_policy'
import { bouncerFor } from '#policies/bouncer_for'

/** What commenting on an owned thread (a list, a review) depends on; movies have no owner. */
export interface OwnedThread {
  ownerId: number
  commentPolicy: CommentPolicyValue
}

/**
 * Who may see, write, edit and delete a comment. Seeing: its movie, list or
 * review visible to the viewer and no block either way with its author (404
 * otherwise). Writing (a comment or a reply) in a list's or review's thread:
 * its `comment_policy` — `anyone`, `friends` (the owner's friends and the
 * owner) or `none` (the owner only); 403 otherwise, moderators included.
 * Editing: the author only. Deleting: the author or a moderator (403).
 */
export default class CommentPolicy extends BasePolicy {
  @allowGuest()
  async view(viewer: User | null, comment: Comment, shareToken?: string | null): Promise<AuthorizerResponse> {
    if (viewer && (await isBlockedBetween(comment.userId, viewer.id))) return this.hidden()
    let subjectVisible: boolean
    if (comment.movieId !== null) subjectVisible = await isFound(findVisibleMovieOrFail(comment.movieId, viewer))
    else if (comment.ratingId !== null) subjectVisible = await isFound(findDiscussedReviewOrFail(comment.ratingId, viewer))
    else subjectVisible = await this.listVisible(comment.listId!, viewer, shareToken)
    return subjectVisible || this.hidden()
  }

  /** Seeing the thread is the caller's check (404 first); this is its owner's comment_policy. */
  async create(user: User, thread: OwnedThread | null): Promise<AuthorizerResponse> {
    if (thread === null || thread.ownerId === user.id) return true
    switch (thread.commentPolicy) {
      case 'anyone':
        return true
      case 'friends':
        return (
          (await areFriends(thread.ownerId, user.id)) ||
          AuthorizationResponse.deny('Only the owner and their friends can comment here', 403)
        )
      default:
        return AuthorizationResponse.deny('The owner has turned comments off', 403)
    }
  }

  /** Moderators never edit others' words. */
  edit(user: User, comment: Comment): AuthorizerResponse {
    return user.id === comment.userId
  }

  delete(user: User, comment: Comment): AuthorizerResponse {
    return user.id === comment.userId || user.isModerator
  }

  private hidden() {
    return AuthorizationResponse.deny('Comment not found', 404)
  }

  private async listVisible(listId: number, viewer: User | null, shareToken?: string | null) {
    const list = await List.find(listId)
    return list !== null && (await bouncerFor(viewer).with(ListPolicy).allows('view', list, shareToken))
  }
}
