import type Genre from '#models/genre'

/** A genre of GET /genres, with how many visible movies it has. */
export interface GenreResource {
  id: number
  name: string
  movie_count: number
}

export default class GenreTransformer {
  /** Expects the `movie_count` extra of MovieCatalogueService.genres' query. */
  static withMovieCount(genre: Genre): GenreResource {
    return { id: genre.id, name: genre.name, movie_count: Number(genre.$extras.movie_count) }
  }
}
