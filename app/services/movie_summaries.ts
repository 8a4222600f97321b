import Movie from '#models/movie'
import MovieTransformer, { type MovieSummary, type ViewerFields } from '#transformers/movie_transformer'
import ViewerStateService from '#services/viewer_state_service'

export type ViewerMovieSummary = MovieSummary & Partial<ViewerFields>

/**
 * MovieSummary objects for movies embedded in engagement resources
 * (watchlist, diary, lists…), with the caller's per-user fields when a
 * user is given. One query for the movies and their genres, three for the
 * per-user fields.
 */
export async function movieSummaries(
  movieIds: number[],
  viewerId: number | null
): Promise<Map<number, ViewerMovieSummary>> {
  const ids = [...new Set(movieIds)]
  const result = new Map<number, ViewerMovieSummary>()
  if (!ids.length) return result
  const movies = await Movie.query().whereIn('id', ids).preload('genres')
  let summaries: ViewerMovieSummary[] = movies.map((movie) => MovieTransformer.summary(movie))
  if (viewerId !== null) {
    summaries = await new ViewerStateService().withViewerFields(viewerId, summaries)
  }
  for (const summary of summaries) result.set(summary.id, summary)
  return result
}
