import db from '@adonisjs/lucid/services/db'
import type User from '#models/user'
import type { CommentPolicyValue } from '#models/comment'
import ApiException from '#exceptions/api_exception'
import ReviewPolicy from '#policies/review_policy'
import { bouncerFor } from '#policies/bouncer_for'
import { MOVIE_KIND } from '#services/catalogue/title_kinds'

/** A movie review as its comment thread needs it (GET/POST /reviews/:id/comments). */
export interface DiscussedReview {
  /** The review id: its rating id, as GET /movies/:id/reviews returns it. */
  id: number
  authorId: number
  movieId: number
  commentPolicy: CommentPolicyValue
}

/**
 * The movie review `reviewId` as `viewer` (null: a guest) may see it: a
 * rating with review text, not hidden by a moderator (hidden reviews leave
 * every listing, their threads too), on a movie the viewer may see, with no
 * block either way with its author (ReviewPolicy.view). 404 otherwise.
 */
export async function findDiscussedReviewOrFail(reviewId: number, viewer: User | null): Promise<DiscussedReview> {
  const row: { id: number | string; user_id: number; movie_id: number; comment_policy: CommentPolicyValue } | null =
    await db
      .from(MOVIE_KIND.reviews.ratings)
      .where('id', reviewId)
      .whereNotNull('review')
      .whereNull('hidden_at')
      .select('id', 'user_id', 'movie_id', 'comment_policy')
      .first()
  if (!row) throw ApiException.notFound('Review not found')
  await bouncerFor(viewer)
    .with(ReviewPolicy)
    .authorize('view', { kind: MOVIE_KIND, titleId: row.movie_id, authorId: row.user_id })
  return { id: Number(row.id), authorId: row.user_id, movieId: row.movie_id, commentPolicy: row.comment_policy }
}
