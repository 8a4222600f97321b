import { AuthorizationResponse, BasePolicy, allowGuest } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type User from '#models/user'
import type { TitleKind } from '#services/catalogue/title_kinds'
import { isBlockedBetween } from '#services/social/friendship_gate'
import { isFound } from '#policies/lookups'

/** What the rule needs of a review of any title kind. */
export interface ReviewSubject {
  kind: TitleKind
  titleId: number
  authorId: number
}

/**
 * Who may see (like, report, discuss) a review of a movie or a series: a
 * viewer who may see its title, with no block either way between them and
 * its author (a guest reads a movie review's thread when they may see the
 * movie). Anyone else gets 404, as if the review did not exist. Who may
 * comment on it is CommentPolicy.create (its `comment_policy`). A review
 * is changed only through its author's own rating (PUT /…/:id/rating), so no
 * other action needs a rule here.
 */
export default class ReviewPolicy extends BasePolicy {
  @allowGuest()
  async view(viewer: User | null, review: ReviewSubject): Promise<AuthorizerResponse> {
    if (viewer && (await isBlockedBetween(review.authorId, viewer.id))) return this.hidden()
    return (await isFound(review.kind.assertVisible(review.titleId, viewer))) || this.hidden()
  }

  private hidden() {
    return AuthorizationResponse.deny('Review not found', 404)
  }
}
