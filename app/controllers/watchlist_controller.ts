import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import SavedMoviesService from '#services/library/saved_movies_service'
import LibraryService from '#services/library/library_service'
import SavedTitlesService from '#services/library/saved_titles_service'
import { MOVIE_KIND } from '#services/catalogue/title_kinds'
import { pageRequest } from '#services/http/pagination'
import { listWatchlistValidator, updateWatchlistItemValidator } from '#validators/collection'

/** /me/watchlist: the caller's watchlist, with a watched flag. */
@inject()
export default class WatchlistController {
  constructor(
    protected savedMovies: SavedMoviesService,
    protected library: LibraryService,
    protected saved: SavedTitlesService
  ) {}

  /** `?type=movie` is the movie-only list; otherwise series too (issue 9), one pagination. */
  async index({ auth, request }: HttpContext) {
    const input = await request.validateUsing(listWatchlistValidator, { data: request.qs() })
    if (input.type !== 'movie') {
      return this.library.watchlist(auth.getUserOrFail(), {
        type: input.type,
        watched: input.watched,
        sort: input.sort ?? '-added_at',
        page: pageRequest(input),
        path: request.url(),
        query: request.qs(),
      })
    }
    return this.savedMovies.watchlist(auth.getUserOrFail(), {
      watched: input.watched,
      sort: input.sort ?? '-added_at',
      page: pageRequest(input),
      path: request.url(),
      query: request.qs(),
    })
  }

  /** PUT: 201 added, 200 already there. */
  async update({ auth, params, response }: HttpContext) {
    const user = auth.getUserOrFail()
    const movieId = Number(params.movie_id)
    const created = await this.saved.add(MOVIE_KIND, 'watchlist', user, movieId)
    return response.status(created ? 201 : 200).json(await this.savedMovies.watchlistItem(user, movieId))
  }

  /** PATCH `{watched}` */
  async patch({ auth, params, request }: HttpContext) {
    const { watched } = await request.validateUsing(updateWatchlistItemValidator)
    const user = auth.getUserOrFail()
    const movieId = Number(params.movie_id)
    await this.saved.setWatched(MOVIE_KIND, user, movieId, watched)
    return this.savedMovies.watchlistItem(user, movieId)
  }

  async destroy({ auth, params, response }: HttpContext) {
    await this.saved.remove(MOVIE_KIND, 'watchlist', auth.getUserOrFail(), Number(params.movie_id))
    return response.noContent()
  }
}
