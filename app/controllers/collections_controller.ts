import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import ApiException from '#exceptions/api_exception'
import CollectionCatalogueService from '#services/catalogue/collection_catalogue_service'
import { viewerFor } from '#services/http/viewer'

/** GET /collections/:id: a franchise and its parts (public; per-user fields with a token). */
@inject()
export default class CollectionsController {
  constructor(protected collections: CollectionCatalogueService) {}

  async show(ctx: HttpContext) {
    const user = ctx.auth.user
    const collection = await this.collections.show(Number(ctx.params.id), viewerFor(user))
    if (!collection) throw ApiException.notFound('Collection not found')
    if (!user) return collection
    return this.collections.forUser(user.id, collection)
  }
}
