import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import SavedMoviesService from '#services/library/saved_movies_service'
import LibraryService from '#services/library/library_service'
import SavedTitlesService from '#services/library/saved_titles_service'
import { MOVIE_KIND } from '#services/catalogue/title_kinds'
import { pageRequest } from '#services/http/pagination'
import { listFavoritesValidator } from '#validators/collection'

/** /me/favorites */
@inject()
export default class FavoritesController {
  constructor(
    protected savedMovies: SavedMoviesService,
    protected library: LibraryService,
    protected saved: SavedTitlesService
  ) {}

  /** `?type=movie` is the movie-only list; otherwise series too (issue 9), one pagination. */
  async index({ auth, request }: HttpContext) {
    const input = await request.validateUsing(listFavoritesValidator, { data: request.qs() })
    if (input.type !== 'movie') {
      return this.library.favorites(auth.getUserOrFail(), {
        type: input.type,
        sort: input.sort ?? '-added_at',
        page: pageRequest(input),
        path: request.url(),
        query: request.qs(),
      })
    }
    return this.savedMovies.favorites(auth.getUserOrFail(), {
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
    const created = await this.saved.add(MOVIE_KIND, 'favorites', user, movieId)
    return response.status(created ? 201 : 200).json(await this.savedMovies.favoriteItem(user, movieId))
  }

  async destroy({ auth, params, response }: HttpContext) {
    await this.saved.remove(MOVIE_KIND, 'favorites', auth.getUserOrFail(), Number(params.movie_id))
    return response.noContent()
  }
}
