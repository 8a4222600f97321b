import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import ListService from '#services/lists/list_service'
import { pageRequest } from '#services/http/pagination'
import {
  createListValidator,
  listListsValidator,
  myListsValidator,
  showListValidator,
  updateListValidator,
  upsertListItemValidator,
} from '#validators/list'

/**
 * Custom lists. Anything the caller may not see is a 404; what they see but
 * do not own is a 403 for writes. `?share_token=` opens a `link` list.
 */
@inject()
export default class ListsController {
  constructor(protected lists: ListService) {}

  /** GET /lists?user_id=&sort= */
  async index({ auth, request }: HttpContext) {
    const input = await request.validateUsing(listListsValidator, { data: request.qs() })
    return this.lists.browse(auth.user ?? null, input.user_id, {
      sort: input.sort ?? '-created_at',
      page: pageRequest(input),
      path: request.url(),
      query: request.qs(),
    })
  }

  /** GET /me/lists */
  async mine({ auth, request }: HttpContext) {
    const input = await request.validateUsing(myListsValidator, { data: request.qs() })
    return this.lists.mine(auth.getUserOrFail(), {
      sort: input.sort ?? '-created_at',
      page: pageRequest(input),
      path: request.url(),
      query: request.qs(),
    })
  }

  async store({ auth, request, response }: HttpContext) {
    const input = await request.validateUsing(createListValidator)
    const list = await this.lists.create(auth.getUserOrFail(), { ...input, commentPolicy: input.comment_policy })
    return response.created(list)
  }

  async show({ auth, params, request }: HttpContext) {
    const { share_token: shareToken } = await request.validateUsing(showListValidator, { data: request.qs() })
    return this.lists.show(Number(params.id), auth.user ?? null, shareToken)
  }

  async update({ auth, params, request }: HttpContext) {
    const { share_token: shareToken } = await request.validateUsing(showListValidator, { data: request.qs() })
    const input = await request.validateUsing(updateListValidator)
    return this.lists.update(
      Number(params.id),
      auth.getUserOrFail(),
      { ...input, commentPolicy: input.comment_policy, regenerateShareToken: input.regenerate_share_token },
      shareToken
    )
  }

  async destroy({ auth, params, request, response }: HttpContext) {
    const { share_token: shareToken } = await request.validateUsing(showListValidator, { data: request.qs() })
    await this.lists.destroy(Number(params.id), auth.getUserOrFail(), shareToken)
    return response.noContent()
  }

  /** PUT /lists/:id/items/:movie_id: 201 added, 200 updated. */
  async putItem({ auth, params, request, response }: HttpContext) {
    const { share_token: shareToken } = await request.validateUsing(showListValidator, { data: request.qs() })
    const input = await request.validateUsing(upsertListItemValidator)
    const { created, item } = await this.lists.putItem(
      Number(params.id),
      Number(params.movie_id),
      auth.getUserOrFail(),
      input,
      shareToken
    )
    return response.status(created ? 201 : 200).json(item)
  }

  async removeItem({ auth, params, request, response }: HttpContext) {
    const { share_token: shareToken } = await request.validateUsing(showListValidator, { data: request.qs() })
    await this.lists.removeItem(Number(params.id), Number(params.movie_id), auth.getUserOrFail(), shareToken)
    return response.noContent()
  }

  async like({ auth, params, request, response }: HttpContext) {
    const { share_token: shareToken } = await request.validateUsing(showListValidator, { data: request.qs() })
    await this.lists.like(Number(params.id), auth.getUserOrFail(), shareToken)
    return response.noContent()
  }

  async unlike({ auth, params, request, response }: HttpContext) {
    const { share_token: shareToken } = await request.validateUsing(showListValidator, { data: request.qs() })
    await this.lists.unlike(Number(params.id), auth.getUserOrFail(), shareToken)
    return response.noContent()
  }
}
