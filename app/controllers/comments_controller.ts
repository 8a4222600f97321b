import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import CommentService, { type CommentSubject } from '#services/social/comment_service'
import { pageRequest } from '#services/http/pagination'
import { createCommentValidator, listCommentsValidator, updateCommentValidator } from '#validators/comment'
import { showListValidator } from '#validators/list'

/**
 * Threaded comments of movies (/movies/:id/comments), lists
 * (/lists/:id/comments) and movie reviews (/reviews/:id/comments), single
 * comments (/comments/:id) and their likes. A `link` list's thread needs its
 * `share_token` (query string).
 */
@inject()
export default class CommentsController {
  constructor(protected comments: CommentService) {}

  async movieIndex(ctx: HttpContext) {
    return this.index(ctx, { type: 'movie', id: Number(ctx.params.id) })
  }

  async movieStore(ctx: HttpContext) {
    return this.store(ctx, { type: 'movie', id: Number(ctx.params.id) })
  }

  async listIndex(ctx: HttpContext) {
    return this.index(ctx, { type: 'list', id: Number(ctx.params.id) })
  }

  async listStore(ctx: HttpContext) {
    return this.store(ctx, { type: 'list', id: Number(ctx.params.id) })
  }

  async reviewIndex(ctx: HttpContext) {
    return this.index(ctx, { type: 'review', id: Number(ctx.params.id) })
  }

  async reviewStore(ctx: HttpContext) {
    return this.store(ctx, { type: 'review', id: Number(ctx.params.id) })
  }

  /** POST /comments/:id/like: idempotent 204. */
  async like({ auth, params, request, response }: HttpContext) {
    const { share_token: shareToken } = await request.validateUsing(showListValidator, { data: request.qs() })
    await this.comments.like(Number(params.id), auth.getUserOrFail(), shareToken)
    return response.noContent()
  }

  /** DELETE /comments/:id/like: idempotent 204. */
  async unlike({ auth, params, request, response }: HttpContext) {
    const { share_token: shareToken } = await request.validateUsing(showListValidator, { data: request.qs() })
    await this.comments.unlike(Number(params.id), auth.getUserOrFail(), shareToken)
    return response.noContent()
  }

  /** GET /comments/:id/replies */
  async replies({ auth, params, request }: HttpContext) {
    const input = await request.validateUsing(listCommentsValidator, { data: request.qs() })
    return this.comments.replies(Number(params.id), auth.user ?? null, input.share_token, {
      sort: input.sort ?? 'created_at',
      page: pageRequest(input),
      path: request.url(),
      query: request.qs(),
    })
  }

  /** PATCH /comments/:id: the author only (moderators may delete, never edit). */
  async update({ auth, bouncer, params, request }: HttpContext) {
    const { share_token: shareToken } = await request.validateUsing(showListValidator, { data: request.qs() })
    const user = auth.getUserOrFail()
    const comment = await this.comments.findAccessibleOrFail(Number(params.id), user, shareToken)
    await bouncer.with('CommentPolicy').authorize('edit', comment)
    const { body } = await request.validateUsing(updateCommentValidator)
    return this.comments.update(comment, body, user)
  }

  /** DELETE /comments/:id: the author or a moderator. */
  async destroy({ auth, bouncer, params, request, response }: HttpContext) {
    const user = auth.getUserOrFail()
    const { share_token: shareToken } = await request.validateUsing(showListValidator, { data: request.qs() })
    const comment = await this.comments.findAccessibleOrFail(Number(params.id), user, shareToken)
    await bouncer.with('CommentPolicy').authorize('delete', comment)
    await this.comments.destroy(comment.id, user)
    return response.noContent()
  }

  private async index({ auth, request }: HttpContext, subject: CommentSubject) {
    const input = await request.validateUsing(listCommentsValidator, { data: request.qs() })
    return this.comments.listForSubject(subject, auth.user ?? null, input.share_token, {
      sort: input.sort ?? '-created_at',
      page: pageRequest(input),
      path: request.url(),
      query: request.qs(),
    })
  }

  private async store({ auth, request, response }: HttpContext, subject: CommentSubject) {
    const { share_token: shareToken } = await request.validateUsing(showListValidator, { data: request.qs() })
    const input = await request.validateUsing(createCommentValidator)
    const comment = await this.comments.create(
      subject,
      auth.getUserOrFail(),
      { body: input.body, parentId: input.parent_id },
      shareToken
    )
    return response.created(comment)
  }
}
