import type Comment from '#models/comment'
import UserSummaryTransformer, { type UserSummary } from '#transformers/user_summary_transformer'

/** The body a deleted comment that still has replies shows. */
export const DELETED_BODY = '[deleted]'

/**
 * A comment of a movie, list or review thread (GET/POST /movies/:id/comments,
 * /lists/:id/comments, /reviews/:id/comments, replies).
 */
export interface CommentResource {
  id: number
  user: UserSummary | null
  body: string
  parent_id: number | null
  movie_id: number | null
  list_id: number | null
  review_id: number | null
  created_at: string
  updated_at: string
  edited_at: string | null
  deleted: boolean
  replies_count: number
  likes: number
  /** Whether the caller liked it; false without a token. */
  liked_by_me: boolean
}

export default class CommentTransformer {
  /**
   * Expects `user` preloaded and, as `$extras`, the counts of Comment's
   * `withRepliesCount` and `withLikes` scopes (a comment just written has
   * none: 0 and false). A deleted comment keeps its place but loses its
   * author and text.
   */
  static resource(comment: Comment): CommentResource {
    const deleted = comment.isDeleted
    const extras = comment.$extras
    return {
      id: comment.id,
      user: deleted || !comment.user ? null : UserSummaryTransformer.summary(comment.user),
      body: deleted ? DELETED_BODY : comment.body!,
      parent_id: comment.parentId,
      movie_id: comment.movieId,
      list_id: comment.listId,
      review_id: comment.ratingId,
      created_at: comment.createdAt.toUTC().toISO()!,
      updated_at: comment.updatedAt.toUTC().toISO()!,
      edited_at: deleted ? null : (comment.editedAt?.toUTC().toISO() ?? null),
      deleted,
      replies_count: Number(extras.replies_count ?? 0),
      likes: Number(extras.likes ?? 0),
      liked_by_me: extras.liked_by_me === true,
    }
  }
}
