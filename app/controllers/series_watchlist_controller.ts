import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import SeriesWatchlistService from '#services/library/series_watchlist_service'
import LibraryService from '#services/library/library_service'
import SavedTitlesService from '#services/library/saved_titles_service'
import { SERIES_KIND } from '#services/catalogue/title_kinds'
import { pageRequest } from '#services/http/pagination'
import { listSeriesWatchlistValidator, updateWatchlistItemValidator } from '#validators/collection'

/** Series on the caller's watchlist and watched episodes (issue 9). */
@inject()
export default class SeriesWatchlistController {
  constructor(
    protected watchlist: SeriesWatchlistService,
    protected library: LibraryService,
    protected saved: SavedTitlesService
  ) {}

  /** GET /me/watchlist/series: an alias of GET /me/watchlist?type=series. */
  async index({ auth, request }: HttpContext) {
    const input = await request.validateUsing(listSeriesWatchlistValidator, { data: request.qs() })
    return this.library.watchlist(auth.getUserOrFail(), {
      type: 'series',
      watched: input.watched,
      sort: input.sort ?? '-added_at',
      page: pageRequest(input),
      path: request.url(),
      query: request.qs(),
    })
  }

  /** PUT /me/watchlist/series/:series_id: 201 added, 200 already there. */
  async update({ auth, params, response }: HttpContext) {
    const user = auth.getUserOrFail()
    const seriesId = Number(params.series_id)
    const created = await this.saved.add(SERIES_KIND, 'watchlist', user, seriesId)
    return response.status(created ? 201 : 200).json(await this.watchlist.item(user, seriesId))
  }

  /** PATCH /me/watchlist/series/:series_id `{watched}`, as for movies. */
  async patch({ auth, params, request }: HttpContext) {
    const { watched } = await request.validateUsing(updateWatchlistItemValidator)
    const user = auth.getUserOrFail()
    const seriesId = Number(params.series_id)
    await this.saved.setWatched(SERIES_KIND, user, seriesId, watched)
    return this.watchlist.item(user, seriesId)
  }

  async destroy({ auth, params, response }: HttpContext) {
    await this.saved.remove(SERIES_KIND, 'watchlist', auth.getUserOrFail(), Number(params.series_id))
    return response.noContent()
  }

  /** PUT /series/:id/seasons/:number/episodes/:episode/watched: 201 marked, 200 already marked. */
  async markWatched({ auth, params, response }: HttpContext) {
    const { created, watch } = await this.watchlist.markWatched(
      auth.getUserOrFail(),
      Number(params.id),
      Number(params.number),
      Number(params.episode)
    )
    return response.status(created ? 201 : 200).json(watch)
  }

  async unmarkWatched({ auth, params, response }: HttpContext) {
    await this.watchlist.unmarkWatched(auth.getUserOrFail(), Number(params.id), Number(params.number), Number(params.episode))
    return response.noContent()
  }
}
