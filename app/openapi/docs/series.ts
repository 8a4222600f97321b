import type { DocsModule, RouteDoc, Schema } from '#openapi/types'
import {
  boolean,
  dateTime,
  extend,
  integer,
  movieSummary,
  nullable,
  nullableDate as date,
  number,
  object,
  page,
  pageDescriptions,
  pathParam,
  ref,
  string,
  url,
  userSummary,
} from '#openapi/schemas'
import {
  listSeriesValidator,
  searchSeriesValidator,
  seriesListPageValidator,
  trendingSeriesValidator,
  upsertEpisodeRatingValidator,
} from '#validators/series'
import { upsertRatingValidator } from '#validators/rating'
import { mixedSearchValidator } from '#validators/search'
import { personSearchItem } from '#openapi/docs/people'
import { listReviewsValidator } from '#validators/rating'
import { listSeriesWatchlistValidator, updateWatchlistItemValidator } from '#validators/collection'

/*
| TV series (issue 9): lists, search, charts, details with seasons and
| episodes, and one season. Shapes are inline: they belong to this domain.
*/

const summaryProperties: Record<string, Schema> = {
  id: integer,
  is_series: { const: true, description: 'Always true: tells series from movies in mixed lists' },
  tmdb_id: integer,
  imdb_id: nullable(string),
  name: string,
  title: { ...string, description: 'Same as `name`, so lists mixing movies and series render alike' },
  original_name: nullable(string),
  overview: nullable(string),
  first_air_date: date,
  last_air_date: date,
  year: { ...nullable(integer), description: 'Year of the first air date' },
  status: { ...nullable(string), examples: ['Returning Series', 'Ended', 'Canceled'] },
  in_production: boolean,
  number_of_seasons: integer,
  number_of_episodes: integer,
  adult: boolean,
  original_language: { ...nullable(string), description: 'ISO 639-1 code' },
  poster_url: url,
  backdrop_url: url,
  genres: { type: 'array', items: ref('GenreRef') },
  popularity: { ...number, description: "TMDB's popularity" },
  vote_average: { ...number, minimum: 0, maximum: 10, description: "TMDB's average (0–10)" },
  vote_count: { ...integer, description: "TMDB's vote count" },
  average_rating: { ...nullable(number), description: "This site's users' average (0.5–5)" },
  rating_count: { ...integer, description: "Number of this site's ratings" },
}

const seriesSummary = object({ ...summaryProperties })
// With a token (list items and details): the caller's rating and watchlist state.
;(seriesSummary.properties as Record<string, Schema>).user_rating = {
  ...nullable(number),
  description: "The caller's rating; only with a token",
}
;(seriesSummary.properties as Record<string, Schema>).in_watchlist = {
  ...boolean,
  description: "Whether the show is on the caller's watchlist; only with a token",
}
;(seriesSummary.properties as Record<string, Schema>).is_favorite = {
  ...boolean,
  description: "Whether the show is among the caller's favourites; only with a token",
}

const episode = object({
  id: integer,
  season_number: integer,
  episode_number: integer,
  name: nullable(string),
  overview: nullable(string),
  air_date: date,
  runtime: { ...nullable(integer), description: 'Minutes' },
  still_url: url,
  vote_average: number,
  vote_count: integer,
})

const seasonProperties: Record<string, Schema> = {
  id: integer,
  season_number: { ...integer, description: '0 is "Specials"' },
  name: nullable(string),
  overview: nullable(string),
  air_date: date,
  poster_url: url,
  episode_count: integer,
  vote_average: number,
  episodes: { type: 'array', items: episode },
}

const seriesDetail = object({
  ...summaryProperties,
  tagline: nullable(string),
  type: { ...nullable(string), examples: ['Scripted', 'Miniseries', 'Documentary'] },
  homepage: nullable(string),
  certification: { ...nullable(string), description: 'US TV rating (TV-14, TV-MA…)' },
  networks: {
    type: 'array',
    items: object({ id: integer, name: string, logo_url: url, origin_country: nullable(string) }),
  },
  keywords: { type: 'array', items: string },
  cast: {
    type: 'array',
    items: object({ person_id: integer, name: string, character: nullable(string), order: integer, profile_url: url }),
  },
  seasons: { type: 'array', items: object(seasonProperties) },
})
// With a token: the caller's rating of the show and whether it is on the watchlist, and each episode's rating.
;(seriesDetail.properties as Record<string, Schema>).user_rating = {
  ...nullable(number),
  description: "The caller's rating; only with a token",
}
;(seriesDetail.properties as Record<string, Schema>).in_watchlist = {
  ...boolean,
  description: "Whether the show is on the caller's watchlist; only with a token",
}
;(seriesDetail.properties as Record<string, Schema>).is_favorite = {
  ...boolean,
  description: "Whether the show is among the caller's favourites; only with a token",
}
;(episode.properties as Record<string, Schema>).user_rating = {
  ...nullable(number),
  description: "The caller's rating of the episode; only with a token",
}

const seriesPage: Schema = page(seriesSummary)
const pageResponse = { 200: { description: 'A page of series', schema: seriesPage } }

const filterDescriptions = {
  ...pageDescriptions,
  genre: 'Genre ids, comma separated; matches any of them unless `genre_mode=all`',
  genre_mode: '`any` (default) or `all` of the `genre` ids',
  year: 'Year of the first air date',
  first_air_year: 'Alias of `year`',
  min_rating: "Minimum of this site's `average_rating` (0.5–5)",
  max_rating: "Maximum of this site's `average_rating` (0.5–5)",
  min_vote_average: "Minimum of TMDB's `vote_average` (0–10)",
  min_popularity: "Minimum of TMDB's popularity",
  language: 'Original language (ISO 639-1)',
  tmdb_id: 'Exact TMDB id',
  imdb_id: 'Exact IMDb id',
  in_production: 'Only shows still (or no longer) making episodes',
  sort:
    'Sort order; `-` means descending (default `-popularity`). `release_date` and `title` are aliases of ' +
    '`first_air_date` and `name`.',
}

function chart(summary: string, description: string): RouteDoc {
  return {
    summary,
    description,
    tags: ['Series'],
    auth: 'optional',
    query: { validator: seriesListPageValidator, descriptions: pageDescriptions },
    responses: pageResponse,
  }
}

const seriesId = pathParam('id', 'Series id')
const episodePath = {
  ...seriesId,
  number: { description: 'Season number (0 is "Specials")' },
  episode: { description: 'Episode number within the season' },
}

// The item of GET /series/:id/reviews: the shape of a movie review (engagement.ts, which imports this module).
const review: Schema = {
  ...object({
    id: { ...integer, description: 'The review id (its series rating id)' },
    user: userSummary,
    rating: { ...number, minimum: 0.5, maximum: 5 },
    body: string,
    contains_spoilers: boolean,
    likes: integer,
    created_at: dateTime,
    updated_at: dateTime,
  }),
}
;(review.properties as Record<string, Schema>).liked = {
  ...boolean,
  description: 'Whether the caller liked it; only with a token',
}

const seriesRating = object({
  id: integer,
  series_id: integer,
  rating: { ...number, minimum: 0.5, maximum: 5 },
  review: nullable(string),
  contains_spoilers: boolean,
  created_at: dateTime,
  updated_at: dateTime,
  series: object({ id: integer, average_rating: nullable(number), rating_count: integer }),
})

/**
 * A series item of GET /me/watchlist (and /me/watchlist/series). The summary
 * is under `series` and also under `movie`, so a client rendering
 * `item.movie` keeps working when series appear in the mixed list;
 * `movie.is_series` tells the kinds apart.
 */
export const seriesWatchlistItem = object({
  movie: { ...seriesSummary, description: 'The series summary again (`is_series: true`), for clients reading `item.movie`' },
  series: seriesSummary,
  added_at: dateTime,
  watched: { ...boolean, description: 'The show as a whole marked watched (PATCH)' },
  watched_at: nullable(dateTime),
  watched_episodes: integer,
  aired_episodes: { ...integer, description: 'Aired regular episodes (specials not counted)' },
  next_episode: {
    anyOf: [episode, { type: 'null' }],
    description:
      'Next episode to watch: the aired episode after the furthest one watched (marked or logged in the diary); ' +
      'null when caught up or finished',
  },
})
const watchlistItem = seriesWatchlistItem

/** A series item of GET /me/favorites; the summary also under `movie`, as on watchlist items. */
export const seriesFavoriteItem = object({
  movie: { ...seriesSummary, description: 'The series summary again (`is_series: true`)' },
  series: seriesSummary,
  added_at: dateTime,
})

export { seriesSummary }

/** An episode's entry of GET/POST/PATCH /me/diary (issue 9); the summary also under `movie`. */
export const episodeDiaryEntry = object({
  id: { ...integer, description: 'Unique across movie and episode entries' },
  movie: { ...seriesSummary, description: 'The series summary again (`is_series: true`), for clients reading `entry.movie`' },
  series: seriesSummary,
  episode: object({ id: integer, season_number: integer, episode_number: integer, name: nullable(string) }),
  watched_on: { ...string, format: 'date' },
  rewatch: boolean,
  rating: { ...nullable(number), description: 'This viewing\'s rating (0.5–5), separate from the episode rating' },
  review: nullable(string),
  contains_spoilers: boolean,
  created_at: dateTime,
  updated_at: dateTime,
})

const episodeWatch = object({
  episode_id: integer,
  series_id: integer,
  season_number: integer,
  episode_number: integer,
  watched_at: dateTime,
})

const episodeRating = object({
  id: integer,
  episode_id: integer,
  series_id: integer,
  season_number: integer,
  episode_number: integer,
  rating: { ...number, minimum: 0.5, maximum: 5 },
  created_at: dateTime,
  updated_at: dateTime,
})

// GET /search takes the filters both kinds share (no external ids, no per-kind sort).
const {
  first_air_year: _firstAirYear,
  tmdb_id: _tmdbId,
  imdb_id: _imdbId,
  in_production: _inProduction,
  sort: _sort,
  ...mixedFilterDescriptions
} = filterDescriptions

const docs: DocsModule = {
  tags: [{ name: 'Series', description: 'TV series with their seasons and episodes' }],
  routes: {
    'api.series.index': {
      summary: 'List series',
      description: 'Filter and sort the series catalogue. Adult titles are hidden unless the maturity filter allows them.',
      tags: ['Series'],
      auth: 'optional',
      query: { validator: listSeriesValidator, descriptions: filterDescriptions },
      responses: pageResponse,
    },
    'api.series.search': {
      summary: 'Search series',
      description:
        'Typo-tolerant search over names, genre names, networks and cast, with the same filters as the ' +
        'list. Sorted by relevance unless `sort` is given.',
      tags: ['Series'],
      auth: 'optional',
      query: { validator: searchSeriesValidator, descriptions: { ...filterDescriptions, q: 'What to search for' } },
      responses: pageResponse,
    },
    'api.search': {
      summary: 'Search movies and series',
      description:
        'Movies and series in one list, ranked by the relevance `/movies/search` and `/series/search` compute ' +
        '(title, genre name, cast, director or network), then popularity. Items are MovieSummary or series ' +
        'summaries; `is_series` tells them apart (false on movies here). `?type=movie|series` keeps one kind. ' +
        '`?type=person` searches people instead: `{type: "person", id, name, profile_url, known_for_department}` ' +
        'ranked by name match (exact, prefix, word prefix, similarity) then popularity; the title filters do not apply. ' +
        '422 without `q`; the search rate limit applies.',
      tags: ['Series'],
      auth: 'optional',
      query: {
        validator: mixedSearchValidator,
        descriptions: {
          ...mixedFilterDescriptions,
          q: 'What to search for',
          type: '`movie` or `series` (both when absent), or `person` for people',
          year: 'Release year of a movie, first-air year of a show',
        },
      },
      responses: {
        200: {
          description: 'A page of movies and series, or of people with `type=person`',
          schema: page({
            anyOf: [extend(movieSummary, { is_series: { const: false } }), seriesSummary, personSearchItem],
          }),
        },
      },
    },
    'api.series.trending': {
      summary: 'Trending series',
      description: "TMDB's trending shows of the day or week.",
      tags: ['Series'],
      auth: 'optional',
      query: {
        validator: trendingSeriesValidator,
        descriptions: { ...pageDescriptions, window: '`day` or `week` (default)' },
      },
      responses: pageResponse,
    },
    'api.series.popular': chart('Popular series', 'By TMDB popularity.'),
    'api.series.top_rated': chart(
      'Top-rated series',
      "A Bayesian average weighted by the number of votes: this site's ratings once there are any, TMDB's votes until then."
    ),
    'api.series.show': {
      summary: 'Series details',
      description: 'Details with networks, cast, keywords, and every season with its episodes.',
      tags: ['Series'],
      auth: 'optional',
      params: seriesId,
      responses: { 200: { description: 'The series', schema: seriesDetail } },
      errors: [404],
    },
    'api.series.seasons.show': {
      summary: 'One season of a series',
      description: 'The season with its episodes. An unknown season number is 404.',
      tags: ['Series'],
      auth: 'optional',
      params: { ...seriesId, number: { description: 'Season number (0 is "Specials")' } },
      responses: {
        200: { description: 'The season', schema: object({ series_id: integer, ...seasonProperties }) },
      },
      errors: [404],
    },
    'api.series.rating.update': {
      summary: 'Rate a series',
      description:
        '0.5–5 in steps of 0.5, with an optional review (`review: null` removes it). 201 when created, 200 ' +
        "when it replaced the caller's rating. The show's `average_rating` changes at once.",
      tags: ['Series'],
      auth: 'required',
      params: seriesId,
      body: { validator: upsertRatingValidator, example: { rating: 4.5, review: 'Slow start, great finale.' } },
      responses: {
        200: { description: 'Rating replaced', schema: seriesRating },
        201: { description: 'Rating created', schema: seriesRating },
      },
      errors: [404],
    },
    'api.series.reviews.index': {
      summary: "A series' reviews",
      description:
        'The review text of series ratings, in the shape of movie reviews. Reviews by users on either side of a ' +
        'block with the caller are left out. `liked` only with a token.',
      tags: ['Series'],
      auth: 'optional',
      params: seriesId,
      query: { validator: listReviewsValidator, descriptions: { ...pageDescriptions, sort: 'Default `-created_at`' } },
      responses: {
        200: {
          description: 'A page of reviews',
          schema: page(review),
        },
      },
      errors: [404],
    },
    'api.series.reviews.like': {
      summary: 'Like a series review',
      description: 'Idempotent. 404 for an unknown review, or one by a user on either side of a block with the caller.',
      tags: ['Series'],
      auth: 'required',
      params: { id: { description: 'Review id (its series rating id)' } },
      responses: { 204: { description: 'Liked' } },
      errors: [404],
    },
    'api.series.reviews.unlike': {
      summary: 'Unlike a series review',
      description: 'Idempotent.',
      tags: ['Series'],
      auth: 'required',
      params: { id: { description: 'Review id (its series rating id)' } },
      responses: { 204: { description: 'Unliked' } },
      errors: [404],
    },
    'api.series.rating.destroy': {
      summary: 'Remove your rating of a series',
      tags: ['Series'],
      auth: 'required',
      params: seriesId,
      responses: { 204: { description: 'Removed' } },
      errors: [404],
    },
    'api.series.episodes.rating.update': {
      summary: 'Rate an episode',
      description: '0.5–5 in steps of 0.5. 201 when created, 200 when replaced; an unknown season or episode is 404.',
      tags: ['Series'],
      auth: 'required',
      params: episodePath,
      body: { validator: upsertEpisodeRatingValidator, example: { rating: 4 } },
      responses: {
        200: { description: 'Rating replaced', schema: episodeRating },
        201: { description: 'Rating created', schema: episodeRating },
      },
      errors: [404],
    },
    'api.series.episodes.watched.update': {
      summary: 'Mark an episode watched',
      description: '201 when marked, 200 when it already was. Moves the show\'s "next episode to watch" on.',
      tags: ['Series'],
      auth: 'required',
      params: episodePath,
      responses: {
        200: { description: 'Already marked', schema: episodeWatch },
        201: { description: 'Marked watched', schema: episodeWatch },
      },
      errors: [404],
    },
    'api.series.episodes.watched.destroy': {
      summary: 'Unmark a watched episode',
      tags: ['Series'],
      auth: 'required',
      params: episodePath,
      responses: { 204: { description: 'Unmarked' } },
      errors: [404],
    },
    'api.me.watchlist.series.index': {
      summary: 'Series on your watchlist',
      description:
        'Alias of `GET /me/watchlist?type=series`: newest first, each with watched/aired episode counts and the ' +
        'next episode to watch.',
      tags: ['Series'],
      auth: 'required',
      query: {
        validator: listSeriesWatchlistValidator,
        descriptions: { ...pageDescriptions, watched: 'Only watched (true) or unwatched (false)', sort: 'Default `-added_at`' },
      },
      responses: {
        200: {
          description: 'A page of watchlist items',
          schema: page(watchlistItem),
        },
      },
    },
    'api.me.watchlist.series.patch': {
      summary: 'Mark a series on your watchlist watched / unwatched',
      description: '`{watched: true}` stamps `watched_at` (kept when already watched); `false` clears it. 404 when not on the watchlist.',
      tags: ['Series'],
      auth: 'required',
      params: { series_id: { description: 'Series id' } },
      body: { validator: updateWatchlistItemValidator, example: { watched: true } },
      responses: { 200: { description: 'The item', schema: watchlistItem } },
      errors: [404],
    },
    'api.me.favorites.series.update': {
      summary: 'Add a series to your favourites',
      description: '201 when added, 200 when it already was. Listed by `GET /me/favorites` (`?type=series`).',
      tags: ['Series'],
      auth: 'required',
      params: { series_id: { description: 'Series id' } },
      responses: {
        200: { description: 'Already there', schema: seriesFavoriteItem },
        201: { description: 'Added', schema: seriesFavoriteItem },
      },
      errors: [404],
    },
    'api.me.favorites.series.destroy': {
      summary: 'Remove a series from your favourites',
      tags: ['Series'],
      auth: 'required',
      params: { series_id: { description: 'Series id' } },
      responses: { 204: { description: 'Removed' } },
      errors: [404],
    },
    'api.me.watchlist.series.update': {
      summary: 'Add a series to your watchlist',
      tags: ['Series'],
      auth: 'required',
      params: { series_id: { description: 'Series id' } },
      responses: {
        200: { description: 'Already there', schema: watchlistItem },
        201: { description: 'Added', schema: watchlistItem },
      },
      errors: [404],
    },
    'api.me.watchlist.series.destroy': {
      summary: 'Remove a series from your watchlist',
      tags: ['Series'],
      auth: 'required',
      params: { series_id: { description: 'Series id' } },
      responses: { 204: { description: 'Removed' } },
      errors: [404],
    },
    'api.series.episodes.rating.destroy': {
      summary: 'Remove your rating of an episode',
      tags: ['Series'],
      auth: 'required',
      params: episodePath,
      responses: { 204: { description: 'Removed' } },
      errors: [404],
    },
  },
}

export default docs
