import type Comment from '#models/comment'
import UserSummaryTransformer, { type UserSummary } from '#transformers/user_summary_transformer'

/** The body a deleted comment that still has replies shows. */
export const DELETED_BODY = '[deleted]'

/** A comment of a movie or list thread (GET/POST /movies/:id/comments, /lists/:id/comments, replies). */
export interface CommentResource {
  id: number
  user: UserSummary | null
  body: string
  parent_id: number | null
  movie_id: number | null
  list_id: number | null
  created_at: string
  updated_at: string
  edited_at: string | null
  deleted: boolean
  replies_count: number
}

export default class CommentTransformer {
  /** Expects `user` preloaded; a deleted comment keeps its place but loses its author and text. */
  static resource(comment: Comment, repliesCount: number): CommentResource {
    const deleted = comment.isDeleted
    return {
      id: comment.id,
      user: deleted || !comment.user ? null : UserSummaryTransformer.summary(comment.user),
      body: deleted ? DELETED_BODY : comment.body!,
      parent_id: comment.parentId,
      movie_id: comment.movieId,
      list_id: comment.listId,
      created_at: comment.createdAt.toUTC().toISO()!,
      updated_at: comment.updatedAt.toUTC().toISO()!,
      edited_at: deleted ? null : (comment.editedAt?.toUTC().toISO() ?? null),
      deleted,
      replies_count: repliesCount,
    }
  }
}
