import type { DateTime } from 'luxon'
import type { LucidRow } from '@adonisjs/lucid/types/model'
import type { ViewerMovieSummary } from '#services/catalogue/movie_summaries'
import UserSummaryTransformer, { type UserSummary } from '#transformers/user_summary_transformer'
import type User from '#models/user'
import type { CommentPolicyValue } from '#models/comment'

/** A review as listed under a title (GET /movies/:id/reviews, /series/:id/reviews). */
export interface Review {
  id: number
  user: UserSummary
  rating: number
  body: string
  contains_spoilers: boolean
  likes: number
  /** Whether the caller liked it (only with a token). */
  liked?: boolean
  /** Who may comment on it; reviews that can be discussed (movie reviews) only. */
  comment_policy?: CommentPolicyValue
  created_at: string
  updated_at: string
}

/** One of the caller's reviews (GET /me/reviews): the movie instead of the author. */
export type MyReview = Omit<Review, 'user'> & { movie: ViewerMovieSummary }

/** The columns a rating model of either kind needs to be shown as a review (`likes` in `$extras`). */
export interface ReviewRow extends LucidRow {
  id: number
  rating: number
  review: string | null
  containsSpoilers: boolean
  createdAt: DateTime
  updatedAt: DateTime
}

/** Reviews are the text of ratings: the rating row with its like count and the caller's like. */
export default class ReviewTransformer {
  /**
   * `liked`: the caller's likes among the page, null without a caller (no
   * `liked` field then); `discussable`: the kind's reviews can be discussed,
   * so they show their `comment_policy`.
   */
  static fields(rating: ReviewRow, liked: Set<number> | null, discussable: boolean): Omit<Review, 'user'> {
    return {
      id: Number(rating.id),
      rating: rating.rating,
      body: rating.review!,
      contains_spoilers: rating.containsSpoilers,
      likes: Number(rating.$extras.likes ?? 0),
      ...(liked ? { liked: liked.has(Number(rating.id)) } : {}),
      // Only the rating models of kinds with `reviewComments` have the column.
      ...(discussable ? { comment_policy: (rating.$attributes.commentPolicy as CommentPolicyValue) ?? 'anyone' } : {}),
      created_at: rating.createdAt.toUTC().toISO()!,
      updated_at: rating.updatedAt.toUTC().toISO()!,
    }
  }

  static withAuthor(rating: ReviewRow, author: User, liked: Set<number> | null, discussable: boolean): Review {
    return { ...ReviewTransformer.fields(rating, liked, discussable), user: UserSummaryTransformer.summary(author) }
  }

  /** The caller's movie reviews (GET /me/reviews), which can be discussed. */
  static mine(rating: ReviewRow, movie: ViewerMovieSummary, liked: Set<number> | null): MyReview {
    return { ...ReviewTransformer.fields(rating, liked, true), movie }
  }
}
