import type { DocsModule, RouteDoc, ValidatorDoc } from '#openapi/types'
import {
  createMovieValidator,
  importMovieValidator,
  listMoviesValidator,
  movieListPageValidator,
  searchMoviesValidator,
  trendingMoviesValidator,
} from '#validators/movie'
import {
  movieIdParam as movieId,
  pageDescriptions,
} from '#openapi/schemas'

const filterDescriptions = {
  ...pageDescriptions,
  genre: 'Genre ids, comma separated; matches any of them unless `genre_mode=all`',
  genre_mode: '`any` (default) or `all` of the `genre` ids',
  year: 'Release year',
  release_year: 'Alias of `year`',
  min_rating: "Minimum of this site's `average_rating` (0.5–5)",
  max_rating: "Maximum of this site's `average_rating` (0.5–5)",
  min_vote_average: "Minimum of TMDB's `vote_average` (0–10)",
  min_popularity: "Minimum of TMDB's popularity",
  language: 'Original language (ISO 639-1)',
  tmdb_id: 'Exact TMDB id',
  imdb_id: 'Exact IMDb id',
  sort: 'Sort order; `-` means descending (default `-popularity`)',
}

/** Filters only GET /movies takes. */
const listDescriptions = {
  ...filterDescriptions,
  available_on:
    'Where it can be watched: TMDB provider ids, comma separated (any kind of offer, in `region`), or `mine`: ' +
    "the caller's `/me/services` in their region (needs a token: 401 without; no services, no movies)",
  region: 'Region of `available_on` ids: two uppercase letters (default `US`; ignored with `mine`)',
}

const chartQuery: ValidatorDoc = { validator: movieListPageValidator, descriptions: pageDescriptions }

const moviePage = { 200: { description: 'A page of movies', schema: 'MoviePage' } }

/** Chart endpoints differ only in what they rank. */
function chart(summary: string, description: string): RouteDoc {
  return {
    summary,
    description,
    tags: ['Movies'],
    auth: 'optional',
    query: chartQuery,
    responses: moviePage,
  }
}


const docs: DocsModule = {
  tags: [
    { name: 'Movies', description: 'The catalogue: lists, search, charts and details' },
    { name: 'Genres', description: 'Genres of the catalogue' },
  ],
  routes: {
    'api.genres.index': {
      summary: 'List genres',
      description: 'Every genre with the number of visible movies in it (not paginated).',
      tags: ['Genres'],
      auth: 'optional',
      responses: { 200: { description: 'All genres, by name', schema: 'GenreList' } },
    },
    'api.movies.index': {
      summary: 'List movies',
      description:
        'Filter and sort the catalogue. Adult titles are hidden. `available_on` keeps the movies offered by ' +
        'the given providers (or the caller\'s services) in a region.',
      tags: ['Movies'],
      auth: 'optional',
      query: { validator: listMoviesValidator, descriptions: listDescriptions },
      responses: moviePage,
    },
    'api.movies.search': {
      summary: 'Search movies',
      description:
        'Typo-tolerant search over titles, genre names, cast and directors, with the same filters as ' +
        'the list. Sorted by relevance unless `sort` is given.',
      tags: ['Movies'],
      auth: 'optional',
      query: {
        validator: searchMoviesValidator,
        descriptions: { ...filterDescriptions, q: 'What to search for' },
      },
      responses: moviePage,
    },
    'api.movies.trending': {
      summary: 'Trending movies',
      description: "TMDB's trending titles of the day or week.",
      tags: ['Movies'],
      auth: 'optional',
      query: {
        validator: trendingMoviesValidator,
        descriptions: { ...pageDescriptions, window: '`day` or `week` (default)' },
      },
      responses: moviePage,
    },
    'api.movies.popular': chart('Popular movies', 'By TMDB popularity.'),
    'api.movies.top_rated': chart(
      'Top-rated movies',
      "A Bayesian average of this site's ratings, so titles with few votes do not top the list."
    ),
    'api.movies.upcoming': chart('Upcoming movies', 'Titles whose release date is in the future.'),
    'api.movies.show': {
      summary: 'Movie details',
      description:
        'Details with cast, crew, keywords and the regions with watch providers. With a token: per-user fields, `watched` and ' +
        "`predicted_rating`, and the visit is recorded in the caller's history.",
      tags: ['Movies'],
      auth: 'optional',
      params: movieId,
      responses: { 200: { description: 'The movie', schema: 'MovieDetail' } },
      errors: [404],
    },
    'api.movies.store': {
      summary: 'Add a movie (moderators)',
      description:
        'With only `tmdb_id`, queues an import from TMDB (202). With `title` and `release_date`, creates ' +
        'the movie by hand (201). An existing `tmdb_id` is 409.',
      tags: ['Movies'],
      auth: 'required',
      body: [
        {
          validator: importMovieValidator,
          title: 'Import from TMDB',
          descriptions: { tmdb_id: 'TMDB id to import' },
          example: { tmdb_id: 603 },
        },
        {
          validator: createMovieValidator,
          title: 'Create by hand',
          fields: { release_date: { type: 'string', format: 'date' } },
          descriptions: { genre_ids: 'Ids of existing genres' },
          example: { title: 'The Matrix', release_date: '1999-03-30', runtime: 136, genre_ids: [1, 2] },
        },
      ],
      responses: {
        201: { description: 'Created by hand', schema: 'MovieDetail' },
        202: { description: 'Import queued', schema: 'JobAccepted' },
      },
      errors: [400, 403, 409],
    },
  },
}

export default docs
