import SeriesRating from '#models/series_rating'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import { findVisibleSeriesOrFail } from '#services/catalogue/series_lookup'
import { paginationMeta, type Page } from '#services/http/pagination'
import { hiddenUserIdsFor } from '#services/social/friendship_gate'
import ReviewPolicy from '#policies/review_policy'
import { bouncerFor } from '#policies/bouncer_for'
import UserSummaryTransformer from '#transformers/user_summary_transformer'
import {
  addReviewLike,
  countReviews,
  likedByViewer,
  pageReviews,
  removeReviewLike,
  reviewFields,
  SERIES_REVIEWS,
  type Review,
  type ReviewListOptions,
} from '#services/library/review_listing'

/**
 * Series reviews are the text of series ratings (`series_ratings.review`),
 * listed and liked as movie reviews are. Review ids are series rating ids.
 */
export default class SeriesReviewService {
  async listForSeries(seriesId: number, viewer: User | null, options: ReviewListOptions): Promise<Page<Review>> {
    await findVisibleSeriesOrFail(seriesId, viewer)
    const hidden = await hiddenUserIdsFor(viewer?.id ?? null)
    const base = SeriesRating.query()
      .where('series_ratings.series_id', seriesId)
      .whereNotNull('series_ratings.review')
    if (hidden.length) base.whereNotIn('series_ratings.user_id', hidden)

    const total = await countReviews(base)
    const ratings = await pageReviews(base, SERIES_REVIEWS, options).preload('user')
    const liked = await likedByViewer(
      viewer?.id ?? null,
      SERIES_REVIEWS,
      ratings.map((rating) => rating.id)
    )
    const data = ratings.map((rating) => ({
      ...reviewFields(rating, liked),
      user: UserSummaryTransformer.summary(rating.user),
    }))
    return { data, meta: paginationMeta(total, options.page, options.path, options.query) }
  }

  /**
   * A review the caller may see: a series rating with review text on a show
   * they may see, with no block either way between them and its author (404 otherwise).
   */
  async findVisibleOrFail(reviewId: number, viewer: User): Promise<SeriesRating> {
    const rating = await SeriesRating.query().where('id', reviewId).whereNotNull('review').first()
    if (!rating) throw ApiException.notFound('Review not found')
    await bouncerFor(viewer).with(ReviewPolicy).authorize('view', rating)
    return rating
  }

  async like(reviewId: number, user: User) {
    const review = await this.findVisibleOrFail(reviewId, user)
    await addReviewLike(SERIES_REVIEWS, user.id, review.id)
  }

  async unlike(reviewId: number, user: User) {
    const review = await this.findVisibleOrFail(reviewId, user)
    await removeReviewLike(SERIES_REVIEWS, user.id, review.id)
  }
}
