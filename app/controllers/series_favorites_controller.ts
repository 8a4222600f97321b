import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import SeriesFavoritesService from '#services/library/series_favorites_service'
import SavedTitlesService from '#services/library/saved_titles_service'
import { SERIES_KIND } from '#services/catalogue/title_kinds'

/** PUT/DELETE /me/favorites/series/:series_id (issue 9); listed by GET /me/favorites. */
@inject()
export default class SeriesFavoritesController {
  constructor(
    protected favorites: SeriesFavoritesService,
    protected saved: SavedTitlesService
  ) {}

  /** PUT: 201 added, 200 already there. */
  async update({ auth, params, response }: HttpContext) {
    const user = auth.getUserOrFail()
    const seriesId = Number(params.series_id)
    const created = await this.saved.add(SERIES_KIND, 'favorites', user, seriesId)
    return response.status(created ? 201 : 200).json(await this.favorites.item(user, seriesId))
  }

  async destroy({ auth, params, response }: HttpContext) {
    await this.saved.remove(SERIES_KIND, 'favorites', auth.getUserOrFail(), Number(params.series_id))
    return response.noContent()
  }
}
