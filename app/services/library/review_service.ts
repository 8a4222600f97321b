import db from '@adonisjs/lucid/services/db'
import Rating from '#models/rating'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import { movieSummaries } from '#services/catalogue/movie_summaries'
import { paginationMeta, type Page } from '#services/http/pagination'
import { hiddenUserIdsFor } from '#services/social/friendship_gate'
import ReviewPolicy from '#policies/review_policy'
import { bouncerFor } from '#policies/bouncer_for'
import { MOVIE_KIND, type TitleKind } from '#services/catalogue/title_kinds'
import ReviewTransformer, { type MyReview, type Review } from '#transformers/review_transformer'
import {
  addReviewLike,
  countReviews,
  likedByViewer,
  pageReviews,
  removeReviewLike,
  type ReviewListOptions,
} from '#services/library/review_listing'

export type { Review, MyReview } from '#transformers/review_transformer'

/** A review as the like and report paths need it. */
export interface ReviewRef {
  id: number
  userId: number
  body: string
}

/**
 * Reviews are the text of ratings (`ratings.review`, `series_ratings.review`):
 * listing them under a title, liking them, for any kind of title
 * (title_kinds.ts). Review ids are rating ids of that kind.
 */
export default class ReviewService {
  async listForTitle(kind: TitleKind, titleId: number, viewer: User | null, options: ReviewListOptions): Promise<Page<Review>> {
    await kind.assertVisible(titleId, viewer)
    const hidden = await hiddenUserIdsFor(viewer?.id ?? null)
    const ratings = kind.reviews.ratings
    const base = kind.ratingModel
      .query()
      .where(`${ratings}.${kind.key}`, titleId)
      .whereNotNull(`${ratings}.review`)
    // Reviews a moderator hid leave every public listing.
    if (kind.moderatedReviews) base.whereNull(`${ratings}.hidden_at`)
    if (hidden.length) base.whereNotIn(`${ratings}.user_id`, hidden)

    const total = await countReviews(base)
    const page = await pageReviews(base, kind.reviews, options).preload('user')
    const liked = await likedByViewer(
      viewer?.id ?? null,
      kind.reviews,
      page.map((rating) => rating.id)
    )
    const data = page.map((rating) => ReviewTransformer.withAuthor(rating, rating.user, liked, kind.reviewComments))
    return { data, meta: paginationMeta(total, options.page, options.path, options.query) }
  }

  /** GET /me/reviews: the caller's movie reviews. */
  async listForUser(user: User, options: ReviewListOptions): Promise<Page<MyReview>> {
    const base = Rating.query()
      .where('ratings.user_id', user.id)
      .whereNotNull('ratings.review')
      .whereExists((movies) =>
        movies.from('movies').whereColumn('movies.id', 'ratings.movie_id').where('movies.is_hidden', false)
      )
    const total = await countReviews(base)
    const ratings = await pageReviews(base, MOVIE_KIND.reviews, options)
    const [liked, movies] = await Promise.all([
      likedByViewer(
        user.id,
        MOVIE_KIND.reviews,
        ratings.map((rating) => rating.id)
      ),
      movieSummaries(
        ratings.map((rating) => rating.movieId),
        user.id
      ),
    ])
    const data = ratings
      .filter((rating) => movies.has(rating.movieId))
      .map((rating) => ReviewTransformer.mine(rating, movies.get(rating.movieId)!, liked))
    return { data, meta: paginationMeta(total, options.page, options.path, options.query) }
  }

  /**
   * A review the caller may see: a rating with review text on a title they
   * may see, with no block either way between them and its author (404 otherwise).
   */
  async findVisibleOrFail(kind: TitleKind, reviewId: number, viewer: User): Promise<ReviewRef> {
    const row: { id: number | string; user_id: number; review: string; title_id: number } | null = await db
      .from(kind.reviews.ratings)
      .where('id', reviewId)
      .whereNotNull('review')
      .select('id', 'user_id', 'review', `${kind.key} as title_id`)
      .first()
    if (!row) throw ApiException.notFound('Review not found')
    await bouncerFor(viewer).with(ReviewPolicy).authorize('view', { kind, titleId: row.title_id, authorId: row.user_id })
    return { id: Number(row.id), userId: row.user_id, body: row.review }
  }

  /** Idempotent: liking twice is one like. */
  async like(kind: TitleKind, reviewId: number, user: User) {
    const review = await this.findVisibleOrFail(kind, reviewId, user)
    await addReviewLike(kind.reviews, user.id, review.id)
  }

  /** Idempotent: unliking what is not liked is fine. */
  async unlike(kind: TitleKind, reviewId: number, user: User) {
    const review = await this.findVisibleOrFail(kind, reviewId, user)
    await removeReviewLike(kind.reviews, user.id, review.id)
  }
}
