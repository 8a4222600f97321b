import { AuthorizationResponse, BasePolicy, allowGuest } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type Comment from '#models/comment'
import List from '#models/list'
import type User from '#models/user'
import { findVisibleMovieOrFail } from '#services/catalogue/movie_lookup'
import { isBlockedBetween } from '#services/social/friendship_gate'
import { isFound } from '#policies/lookups'
import ListPolicy from '#policies/list_policy'
import { bouncerFor } from '#policies/bouncer_for'

/**
 * Who may see, edit and delete a comment. Seeing: its movie or list visible
 * to the viewer and no block either way with its author (404 otherwise).
 * Editing: the author only. Deleting: the author or a moderator (403).
 */
export default class CommentPolicy extends BasePolicy {
  @allowGuest()
  async view(viewer: User | null, comment: Comment, shareToken?: string | null): Promise<AuthorizerResponse> {
    if (viewer && (await isBlockedBetween(comment.userId, viewer.id))) return this.hidden()
    const subjectVisible =
      comment.movieId !== null
        ? await isFound(findVisibleMovieOrFail(comment.movieId, viewer))
        : await this.listVisible(comment.listId!, viewer, shareToken)
    return subjectVisible || this.hidden()
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
