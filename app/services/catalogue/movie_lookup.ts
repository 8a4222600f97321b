import Movie from '#models/movie'
import type User from '#models/user'
import ApiException from '#exceptions/api_exception'
import { viewerFor } from '#services/http/viewer'
import MovieCatalogueService from '#services/catalogue/movie_catalogue_service'

/**
 * The movie a user acts on (rates, comments, lists…), or a 404 when it does
 * not exist or the user may not see it (hidden, adult, above their maturity
 * filter), exactly like GET /movies/:id.
 */
export async function findVisibleMovieOrFail(movieId: number, user: User | null | undefined): Promise<Movie> {
  const movie = await Movie.query()
    .where('movies.id', movieId)
    .apply((scopes) => scopes.visibleTo(viewerFor(user)))
    .first()
  if (!movie) throw ApiException.notFound('Movie not found')
  return movie
}

/**
 * The same 404 as `findVisibleMovieOrFail` without loading the model: the
 * check runs on the cached movie detail (movie_detail_cache.ts), which every
 * change of visibility invalidates.
 */
export async function assertVisibleMovie(movieId: number, user: User | null | undefined): Promise<void> {
  const entry = await new MovieCatalogueService().visibleDetail(movieId, viewerFor(user))
  if (!entry) throw ApiException.notFound('Movie not found')
}

/** The subset of `movieIds` that exist and `user` may see. */
export async function visibleMovieIds(movieIds: number[], user: User | null | undefined): Promise<Set<number>> {
  if (!movieIds.length) return new Set()
  const rows = await Movie.query()
    .select('movies.id')
    .whereIn('movies.id', movieIds)
    .apply((scopes) => scopes.visibleTo(viewerFor(user)))
  return new Set(rows.map((movie) => movie.id))
}
