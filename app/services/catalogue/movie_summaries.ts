import db from '@adonisjs/lucid/services/db'
import Movie from '#models/movie'
import MovieTransformer, {
  type MovieSummary,
  type MovieSummaryRow,
  type ViewerFields,
} from '#transformers/movie_transformer'
import ViewerStateService from '#services/library/viewer_state_service'
import type { Viewer } from '#services/http/viewer'

export type ViewerMovieSummary = MovieSummary & Partial<ViewerFields>

/** The columns MovieTransformer.summaryOfRow reads, genres included, for `FROM movies`. */
const SUMMARY_COLUMNS = `movies.id, movies.tmdb_id, movies.imdb_id, movies.movielens_id, movies.title, movies.original_title,
  movies.overview, to_char(movies.release_date, 'YYYY-MM-DD') AS release_date, movies.year, movies.runtime, movies.adult,
  movies.original_language, movies.poster_path, movies.backdrop_path, movies.popularity, movies.vote_average,
  movies.vote_count, movies.average_rating, movies.rating_count,
  coalesce((SELECT json_agg(json_build_object('id', genres.id, 'name', genres.name) ORDER BY genres.id)
              FROM movie_genres JOIN genres ON genres.id = movie_genres.genre_id
             WHERE movie_genres.movie_id = movies.id), '[]'::json) AS genres`

/**
 * MovieSummary objects for movies embedded in engagement resources
 * (watchlist, diary, lists…), with the caller's per-user fields when a
 * user is given. One query (movies with their genres as JSON, no models);
 * the per-user fields come from the caller's cached state.
 */
export async function movieSummaries(
  movieIds: number[],
  viewerId: number | null
): Promise<Map<number, ViewerMovieSummary>> {
  const ids = [...new Set(movieIds)]
  const result = new Map<number, ViewerMovieSummary>()
  if (!ids.length) return result
  const rows: MovieSummaryRow[] = await db.from('movies').whereIn('movies.id', ids).select(db.raw(SUMMARY_COLUMNS))
  let summaries: ViewerMovieSummary[] = rows.map((row) => MovieTransformer.summaryOfRow(row))
  if (viewerId !== null) {
    summaries = await new ViewerStateService().withViewerFields(viewerId, summaries)
  }
  for (const summary of summaries) result.set(summary.id, summary)
  return result
}

/**
 * A correlated subquery, for a select list, of the movie whose id is in
 * `movieIdColumn` as one json MovieSummaryRow (MovieTransformer.summaryOfRow),
 * or null when that movie is gone or `viewer` may not see it (the
 * Movie.visibleTo scope, as GET /movies/:id). Lets a hot read embed its
 * movies in its own query instead of loading models (feed_service.ts).
 */
export function visibleMovieSummaryRow(movieIdColumn: string, viewer: Viewer) {
  return Movie.query()
    .whereColumn('movies.id', movieIdColumn)
    .apply((scopes) => scopes.visibleTo(viewer))
    .select(
      db.raw(`json_build_object(
        'id', movies.id, 'tmdb_id', movies.tmdb_id, 'imdb_id', movies.imdb_id, 'movielens_id', movies.movielens_id,
        'title', movies.title, 'original_title', movies.original_title, 'overview', movies.overview,
        'release_date', to_char(movies.release_date, 'YYYY-MM-DD'), 'year', movies.year, 'runtime', movies.runtime,
        'adult', movies.adult, 'original_language', movies.original_language,
        'poster_path', movies.poster_path, 'backdrop_path', movies.backdrop_path,
        'popularity', movies.popularity, 'vote_average', movies.vote_average, 'vote_count', movies.vote_count,
        'average_rating', movies.average_rating, 'rating_count', movies.rating_count,
        'genres', (SELECT coalesce(json_agg(json_build_object('id', genres.id, 'name', genres.name) ORDER BY genres.id), '[]'::json)
                   FROM movie_genres JOIN genres ON genres.id = movie_genres.genre_id
                   WHERE movie_genres.movie_id = movies.id))`)
    )
}
