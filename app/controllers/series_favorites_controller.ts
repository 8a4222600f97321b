import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import SeriesFavoritesService from '#services/library/series_favorites_service'

/** PUT/DELETE /me/favorites/series/:series_id (issue 9); listed by GET /me/favorites. */
@inject()
export default class SeriesFavoritesController {
  constructor(protected favorites: SeriesFavoritesService) {}

  /** PUT: 201 added, 200 already there. */
  async update({ auth, params, response }: HttpContext) {
    const { created, item } = await this.favorites.add(auth.getUserOrFail(), Number(params.series_id))
    return response.status(created ? 201 : 200).json(item)
  }

  async destroy({ auth, params, response }: HttpContext) {
    await this.favorites.remove(auth.getUserOrFail(), Number(params.series_id))
    return response.noContent()
  }
}
