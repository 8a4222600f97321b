import Rating from '#models/rating'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import { findVisibleMovieOrFail } from '#services/catalogue/movie_lookup'
import { movieSummaries, type ViewerMovieSummary } from '#services/catalogue/movie_summaries'
import { paginationMeta, type Page } from '#services/http/pagination'
import { hiddenUserIdsFor } from '#services/social/friendship_gate'
import ReviewPolicy from '#policies/review_policy'
import { bouncerFor } from '#policies/bouncer_for'
import UserSummaryTransformer from '#transformers/user_summary_transformer'
import {
  addReviewLike,
  countReviews,
  likedByViewer,
  MOVIE_REVIEWS,
  pageReviews,
  removeReviewLike,
  reviewFields,
  type Review,
  type ReviewListOptions,
} from '#services/library/review_listing'

export type { Review } from '#services/library/review_listing'

export type MyReview = Omit<Review, 'user'> & { movie: ViewerMovieSummary }

type ListOptions = ReviewListOptions

/**
 * Reviews are the text of ratings (`ratings.review`): listing them, liking
 * them. Review ids are rating ids.
 */
export default class ReviewService {
  async listForMovie(movieId: number, viewer: User | null, options: ListOptions): Promise<Page<Review>> {
    await findVisibleMovieOrFail(movieId, viewer)
    const hidden = await hiddenUserIdsFor(viewer?.id ?? null)
    // Reviews a moderator hid (ratings.hidden_at) leave every public listing.
    const base = Rating.query()
      .where('ratings.movie_id', movieId)
      .whereNotNull('ratings.review')
      .whereNull('ratings.hidden_at')
    if (hidden.length) base.whereNotIn('ratings.user_id', hidden)

    const total = await countReviews(base)
    const ratings = await pageReviews(base, MOVIE_REVIEWS, options).preload('user')
    const liked = await likedByViewer(viewer?.id ?? null, MOVIE_REVIEWS, ratings.map((rating) => rating.id))
    const data = ratings.map((rating) => ({
      ...reviewFields(rating, liked),
      user: UserSummaryTransformer.summary(rating.user),
    }))
    return { data, meta: paginationMeta(total, options.page, options.path, options.query) }
  }

  async listForUser(user: User, options: ListOptions): Promise<Page<MyReview>> {
    const base = Rating.query()
      .where('ratings.user_id', user.id)
      .whereNotNull('ratings.review')
      .whereExists((movies) =>
        movies.from('movies').whereColumn('movies.id', 'ratings.movie_id').where('movies.is_hidden', false)
      )
    const total = await countReviews(base)
    const ratings = await pageReviews(base, MOVIE_REVIEWS, options)
    const [liked, movies] = await Promise.all([
      likedByViewer(user.id, MOVIE_REVIEWS, ratings.map((rating) => rating.id)),
      movieSummaries(
        ratings.map((rating) => rating.movieId),
        user.id
      ),
    ])
    const data = ratings
      .filter((rating) => movies.has(rating.movieId))
      .map((rating) => ({ ...reviewFields(rating, liked), movie: movies.get(rating.movieId)! }))
    return { data, meta: paginationMeta(total, options.page, options.path, options.query) }
  }

  /**
   * A review the caller may see: a rating with review text on a movie they
   * may see, by someone who has not blocked them (404 otherwise).
   */
  async findVisibleOrFail(reviewId: number, viewer: User): Promise<Rating> {
    const rating = await Rating.query().where('id', reviewId).whereNotNull('review').first()
    if (!rating) throw ApiException.notFound('Review not found')
    await bouncerFor(viewer).with(ReviewPolicy).authorize('view', rating)
    return rating
  }

  /** Idempotent: liking twice is one like. */
  async like(reviewId: number, user: User) {
    const review = await this.findVisibleOrFail(reviewId, user)
    await addReviewLike(MOVIE_REVIEWS, user.id, review.id)
  }

  /** Idempotent: unliking what is not liked is fine. */
  async unlike(reviewId: number, user: User) {
    const review = await this.findVisibleOrFail(reviewId, user)
    await removeReviewLike(MOVIE_REVIEWS, user.id, review.id)
  }
}
