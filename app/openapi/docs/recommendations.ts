import type { DocsModule, Schema } from '#openapi/types'
import {
  dateTime,
  integer,
  movieIdParam as movieId,
  movieIdSegmentParam as pathMovieId,
  nullable,
  object,
  ref,
  string,
} from '#openapi/schemas'
import { movieRecommendationsValidator, recommendationsValidator } from '#validators/recommendation'
import { seriesSummary } from '#openapi/docs/series'

/*
| Recommendations: the caller's lists, "not interested", and the per-movie
| lists (similar by content, "people who liked this also liked").
*/

const reason: Schema = {
  ...object(
    {
      type: { enum: ['similar_to_liked', 'liked_by_similar_users', 'popular_in_genre', 'friends_liked', 'trending'] },
      text: { ...string, examples: ['Because you liked The Matrix'] },
      baseline_movie: {
        ...object({ id: integer, title: string, year: nullable(integer) }),
        description: 'The movie the recommendation is based on (similar_to_liked, liked_by_similar_users)',
      },
    },
    ['baseline_movie']
  ),
  description: 'Why the movie is recommended',
}

const score: Schema = { type: 'number', minimum: 0, maximum: 1, description: 'Confidence, 0–1 (lists are ordered by it)' }

const item: Schema = object({ movie: ref('MovieSummary'), score, reason })

// `?type=series` (issue 9): the series summary under `series` and, as on watchlist items, under `movie`.
const seriesItem: Schema = object({
  movie: { ...seriesSummary, description: 'The series summary again (`is_series: true`)' },
  series: seriesSummary,
  score,
  reason,
})

const list: Schema = object({ data: { type: 'array', items: { anyOf: [item, seriesItem] }, maxItems: 50 } })

const hidden: Schema = object({ movie_id: integer, hidden_at: dateTime })

const hiddenSeries: Schema = object({ series_id: integer, hidden_at: dateTime })

const exclusions =
  'Never lists a movie the caller rated, logged in the diary, hid, or has on the watchlist (unless ' +
  '`include_watchlist=true`), nor titles their maturity filter hides.'

const docs: DocsModule = {
  tags: [{ name: 'Recommendations', description: 'Personal recommendations and similar movies' }],
  routes: {
    'api.me.recommendations.index': {
      summary: 'My recommendations',
      description:
        '`for_you` (default) blends collaborative filtering (EASE on liked movies), content similarity and ' +
        'popular-in-your-genres by how much the caller has rated; `because_you_liked` lists neighbours of the latest ' +
        'likes; `popular_in_your_genres` uses the onboarding genres (else those of the likes); `friends_like` what ' +
        'friends liked. `for_you` and `popular_in_your_genres` are never empty. A new rating counts at the next ' +
        'request. ' +
        exclusions +
        ' `type=series` (issue 9) lists series instead: content-based on the genres of the series and movies the ' +
        'caller liked (rated >= 3.5 or favourited) and their onboarding genres, movie genres mapped onto TV ' +
        'genres by name ("Science Fiction" → "Sci-Fi & Fantasy"), then popular series, so never empty while the ' +
        'catalogue has unseen shows; never a series the caller rated, favourited, logged, watched an episode of or ' +
        'hid (PUT /me/recommendations/hidden/series/:series_id), ' +
        'or has on the watchlist (unless `include_watchlist=true`); `model` does not apply. Without `type` (or ' +
        '`type=movie`) the list is the movie list, exactly as before.',
      tags: ['Recommendations'],
      auth: 'required',
      query: {
        validator: recommendationsValidator,
        descriptions: {
          model: 'Which list (default `for_you`)',
          limit: 'Number of movies, 1–50 (default 10)',
          include_watchlist: 'Also recommend movies on the watchlist (default false)',
          type: '`movie` (default; also when absent) or `series`',
        },
      },
      responses: { 200: { description: 'Recommended movies, best first', schema: list } },
    },
    'api.me.recommendations.hidden.update': {
      summary: 'Not interested',
      description: 'Hides a movie from every recommendation list of the caller.',
      tags: ['Recommendations'],
      auth: 'required',
      params: pathMovieId,
      responses: {
        200: { description: 'Already hidden', schema: hidden },
        201: { description: 'Hidden', schema: hidden },
      },
      errors: [404],
    },
    'api.me.recommendations.hidden.destroy': {
      summary: 'Interested again',
      description: 'Lets a hidden movie be recommended again; 404 when it was not hidden.',
      tags: ['Recommendations'],
      auth: 'required',
      params: pathMovieId,
      responses: { 204: { description: 'No longer hidden' } },
      errors: [404],
    },
    'api.movies.similar': {
      summary: 'Similar movies',
      description:
        'The most similar movies by content (genres, keywords, cast, director, overview, tags), with what they share. ' +
        'With a token, ' +
        exclusions.charAt(0).toLowerCase() +
        exclusions.slice(1),
      tags: ['Recommendations'],
      auth: 'optional',
      params: movieId,
      query: { validator: movieRecommendationsValidator, descriptions: { limit: 'Number of movies, 1–50 (default 10)' } },
      responses: { 200: { description: 'Similar movies, most similar first', schema: list } },
      errors: [404],
    },
    'api.series.similar': {
      summary: 'Similar series',
      description:
        'The shows most similar by content (issue 9), computed as for movies: TF-IDF vectors over genres, keywords ' +
        'and networks, cosine similarity, ties nudged by popularity; `reason.text` names what they share. Never the ' +
        'show itself nor a show sharing nothing with it; the maturity filter applies. With a token, never a show ' +
        'the caller rated, favourited, logged, watched an episode of, hid or has on the watchlist. Items as ' +
        '`/me/recommendations?type=series`: the summary under `series` and again under `movie`.',
      tags: ['Recommendations'],
      auth: 'optional',
      params: { id: { description: 'Series id' } },
      query: { validator: movieRecommendationsValidator, descriptions: { limit: 'Number of series, 1–50 (default 10)' } },
      responses: {
        200: {
          description: 'Similar series, most similar first',
          schema: object({ data: { type: 'array', items: seriesItem, maxItems: 50 } }),
        },
      },
      errors: [404],
    },
    'api.me.recommendations.hidden.series.update': {
      summary: 'Not interested in a series',
      description:
        'The show never comes back in `/me/recommendations?type=series` nor `/series/:id/similar`. 201 when hidden ' +
        'now, 200 when it already was; 404 for an unknown series.',
      tags: ['Recommendations'],
      auth: 'required',
      params: { series_id: { description: 'Series id' } },
      responses: {
        200: { description: 'Already hidden', schema: hiddenSeries },
        201: { description: 'Hidden', schema: hiddenSeries },
      },
      errors: [404],
    },
    'api.me.recommendations.hidden.series.destroy': {
      summary: 'Interested in a series again',
      description: 'Lets a hidden show be recommended again; 404 when it was not hidden.',
      tags: ['Recommendations'],
      auth: 'required',
      params: { series_id: { description: 'Series id' } },
      responses: { 204: { description: 'No longer hidden' } },
      errors: [404],
    },
    'api.movies.recommendations': {
      summary: 'People who liked this also liked',
      description:
        'Movies most often liked (rated >= 3.5) by the people who liked this one (item-kNN, cosine with shrinkage). ' +
        'May be empty for a movie few people rated. With a token, ' +
        exclusions.charAt(0).toLowerCase() +
        exclusions.slice(1),
      tags: ['Recommendations'],
      auth: 'optional',
      params: movieId,
      query: { validator: movieRecommendationsValidator, descriptions: { limit: 'Number of movies, 1–50 (default 10)' } },
      responses: { 200: { description: 'Co-liked movies, strongest first', schema: list } },
      errors: [404],
    },
  },
}

export default docs
