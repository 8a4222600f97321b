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
  boolean,
  extend,
  integer,
  movieIdParam as movieId,
  movieSummary,
  nullableString,
  object,
  pageDescriptions,
  pathParam,
  string,
  url,
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

/** GET /collections/:id (CollectionTransformer). */
const collection = object(
  {
    id: integer,
    tmdb_id: integer,
    name: string,
    overview: nullableString,
    poster_url: url,
    backdrop_url: url,
    parts: {
      type: 'array',
      description: 'The movies of the collection the caller may see, in release order (undated last)',
      items: extend(
        movieSummary,
        { watched: { ...boolean, description: 'Whether the caller rated, logged or marked it watched; only with a token' } },
        ['watched']
      ),
    },
    watched_count: { ...integer, description: 'How many of `parts` the caller watched; only with a token' },
  },
  ['watched_count']
)

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
    { name: 'Collections', description: 'Collections (franchises) of movies, from TMDB' },
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
        'Details with cast, crew, keywords, videos, the collection and the regions with watch providers. With a token: per-user fields, `watched` and ' +
        "`predicted_rating`, and the visit is recorded in the caller's history.",
      tags: ['Movies'],
      auth: 'optional',
      params: movieId,
      responses: { 200: { description: 'The movie', schema: 'MovieDetail' } },
      errors: [404],
    },
    'api.collections.show': {
      summary: 'Collection (franchise) with its parts',
      description:
        'A TMDB collection ("Toy Story Collection") with the parts in the catalogue that the caller may see, in ' +
        'release order. With a token each part carries the per-user fields and `watched`, and the collection ' +
        '`watched_count`. 404 for an unknown id, and for a collection none of whose parts the caller may see.',
      tags: ['Collections'],
      auth: 'optional',
      params: pathParam('id', 'Collection id (MovieDetail.collection.id)'),
      responses: { 200: { description: 'The collection', schema: collection } },
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
