import type { DocsModule, RouteDoc, Schema } from '#openapi/types'
import {
  integer,
  movieIdParam as movieId,
  nullable,
  number,
  object,
  page,
  pageDescriptions,
  ref,
  string,
} from '#openapi/schemas'
import { listSummary } from '#openapi/docs/engagement'
import { seriesSummary } from '#openapi/docs/series'
import { HISTOGRAM_KEYS } from '#transformers/movie_stats_transformer'
import {
  CALENDAR_DEFAULT_DAYS,
  CALENDAR_MAX_DAYS,
  MOVIE_TAG_MAX_LENGTH,
  MOVIE_TAGS_MAX,
  calendarValidator,
  movieContextPageValidator,
  setMovieTagsValidator,
} from '#validators/film_context'

/*
| A film in context (issue 15, API.md "Film statistics and where a film is
| listed" and "Calendar"): a movie's stats, the public lists holding it, its
| user tags, the caller's own tags, and the caller's release calendar.
*/

const count = (description: string): Schema => ({ ...integer, minimum: 0, description })

const movieStats = object({
  rating_count: count("This site's ratings"),
  average_rating: { ...nullable(number), minimum: 0.5, maximum: 5, description: 'Their average (null without ratings)' },
  histogram: {
    ...object(Object.fromEntries(HISTOGRAM_KEYS.map((key) => [key, count(`Ratings of ${key}`)]))),
    description: 'Ratings per half star; all ten keys always present and adding up to `rating_count`',
  },
  watched_count: count('Users who rated it, logged it in their diary or marked it watched (each once)'),
  watchlist_count: count('Users with it on their watchlist'),
  favorite_count: count('Users with it in their favourites'),
  list_count: count('Public lists holding it'),
  review_count: count('Reviews shown under it (not those a moderator hid)'),
})

const tagCount = object({
  tag: { ...string, description: 'The tag in its most used spelling (tags are counted case-insensitively)' },
  count: count('Users who gave it the tag'),
})

const myTags = object({
  movie_id: integer,
  tags: {
    type: 'array',
    items: { ...string, minLength: 1, maxLength: MOVIE_TAG_MAX_LENGTH },
    maxItems: MOVIE_TAGS_MAX,
    description: "The caller's tags of the movie, by tag (case-insensitive)",
  },
})

const calendarEntry: Schema = {
  oneOf: [
    object({
      date: { ...string, format: 'date', description: "The movie's release date" },
      type: { const: 'movie_release' },
      movie: ref('MovieSummary'),
    }),
    object({
      date: { ...string, format: 'date', description: "The episode's air date" },
      type: { const: 'episode' },
      series: seriesSummary,
      episode: object({ season_number: integer, episode_number: integer, name: nullable(string) }),
    }),
  ],
}

const route = (doc: RouteDoc) => doc

export default {
  tags: [
    { name: 'Film context', description: "A movie's statistics, the public lists holding it and its user tags" },
    { name: 'Me: calendar', description: "Releases and episodes of the caller's saved titles, by date" },
  ],
  routes: {
    'api.movies.stats': route({
      summary: "A movie's statistics",
      description:
        'Rating count, average and histogram, and how many users watched, saved, listed and reviewed it. ' +
        'The same body for every caller; cached, and every write that changes a figure is seen by the next reader.',
      tags: ['Film context'],
      auth: 'optional',
      params: movieId,
      responses: { 200: { description: 'The statistics', schema: movieStats } },
      errors: [404],
    }),
    'api.movies.lists': route({
      summary: 'Public lists holding a movie',
      description:
        'Public lists only (not friends-only, link or private ones, whoever asks), most liked first, then newest; ' +
        'lists of users blocked either way are left out. With a token each list carries `liked`.',
      tags: ['Film context'],
      auth: 'optional',
      params: movieId,
      query: { validator: movieContextPageValidator, descriptions: pageDescriptions },
      responses: { 200: { description: 'A page of lists', schema: page(listSummary) } },
      errors: [404],
    }),
    'api.movies.tags': route({
      summary: "A movie's user tags",
      description:
        'MovieLens-style free-text tags with the number of users who gave each, most used first (then by tag). ' +
        'Spellings that differ only in case are one tag.',
      tags: ['Film context'],
      auth: 'optional',
      params: movieId,
      query: { validator: movieContextPageValidator, descriptions: pageDescriptions },
      responses: { 200: { description: 'A page of tags', schema: page(tagCount) } },
      errors: [404],
    }),
    'api.me.movies.tags.show': route({
      summary: 'My tags of a movie',
      tags: ['Film context'],
      auth: 'required',
      params: movieId,
      responses: { 200: { description: "The caller's tags", schema: myTags } },
      errors: [404],
    }),
    'api.me.movies.tags.update': route({
      summary: 'Set my tags of a movie',
      description:
        `Replaces the caller's whole set (an empty array clears it): at most ${MOVIE_TAGS_MAX} tags of ` +
        `1–${MOVIE_TAG_MAX_LENGTH} characters after trimming; spellings that differ only in case collapse into the first. ` +
        'The movie\'s tag counts follow at once.',
      tags: ['Film context'],
      auth: 'required',
      params: movieId,
      body: {
        validator: setMovieTagsValidator,
        descriptions: { tags: `Up to ${MOVIE_TAGS_MAX} tags, each 1–${MOVIE_TAG_MAX_LENGTH} characters` },
        example: { tags: ['cyberpunk', 'mind-bending'] },
      },
      responses: { 200: { description: "The caller's tags as stored", schema: myTags } },
      errors: [404],
    }),
    'api.me.calendar': route({
      summary: 'My calendar',
      description:
        "Release dates of the movies on the caller's watchlist or favourites and air dates of the episodes of " +
        'the series on their watchlist, between `from` and `to` (both included). Ordered by date, then movies ' +
        'before episodes, then by title, season and episode. Titles the caller may not see are left out.',
      tags: ['Me: calendar'],
      auth: 'required',
      query: {
        validator: calendarValidator,
        descriptions: {
          ...pageDescriptions,
          from: 'First day, YYYY-MM-DD (default today, UTC)',
          to: `Last day, YYYY-MM-DD, not before \`from\` and at most ${CALENDAR_MAX_DAYS} days after it (default \`from\` + ${CALENDAR_DEFAULT_DAYS} days)`,
        },
        fields: { from: { type: 'string', format: 'date' }, to: { type: 'string', format: 'date' } },
      },
      responses: { 200: { description: 'A page of calendar entries', schema: page(calendarEntry) } },
    }),
  },
} satisfies DocsModule
