import { inject } from '@adonisjs/core'
import type { HttpContext } from '@adonisjs/core/http'
import MovieTagsService from '#services/library/movie_tags_service'
import { setMovieTagsValidator } from '#validators/film_context'

/** The caller's own tags of a movie: GET and PUT /me/movies/:id/tags. */
@inject()
export default class MovieTagsController {
  constructor(protected movieTags: MovieTagsService) {}

  async show({ auth, params }: HttpContext) {
    return this.movieTags.mine(auth.getUserOrFail(), Number(params.id))
  }

  /** Replaces the caller's tags of the movie; 200 with what is stored. */
  async update({ auth, params, request }: HttpContext) {
    const { tags } = await request.validateUsing(setMovieTagsValidator)
    return this.movieTags.set(auth.getUserOrFail(), Number(params.id), tags)
  }
}
