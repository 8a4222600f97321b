import { AuthorizationResponse, BasePolicy } from '@adonisjs/bouncer'
import type { AuthorizerResponse } from '@adonisjs/bouncer/types'
import type Rating from '#models/rating'
import SeriesRating from '#models/series_rating'
import type User from '#models/user'
import { findVisibleMovieOrFail } from '#services/catalogue/movie_lookup'
import { findVisibleSeriesOrFail } from '#services/catalogue/series_lookup'
import { isBlockedBetween } from '#services/social/friendship_gate'
import { isFound } from '#policies/lookups'

/**
 * Who may see (like, report, discuss) a review of a movie or a series: a
 * viewer who may see its title, with no block either way between them and
 * its author. Anyone else gets 404, as if the review did not exist. A review
 * is changed only through its author's own rating (PUT /…/:id/rating), so no
 * other action needs a rule here.
 */
export default class ReviewPolicy extends BasePolicy {
  async view(viewer: User, review: Rating | SeriesRating): Promise<AuthorizerResponse> {
    if (await isBlockedBetween(review.userId, viewer.id)) return this.hidden()
    const title =
      review instanceof SeriesRating
        ? findVisibleSeriesOrFail(review.seriesId, viewer)
        : findVisibleMovieOrFail(review.movieId, viewer)
    return (await isFound(title)) || this.hidden()
  }

  private hidden() {
    return AuthorizationResponse.deny('Review not found', 404)
  }
}
