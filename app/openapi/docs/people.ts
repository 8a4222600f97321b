import type { DocsModule, Schema } from '#openapi/types'
import {
  boolean,
  date,
  dateTime,
  extend,
  integer,
  movieSummary,
  nullable,
  nullableString,
  number,
  object,
  page,
  pageDescriptions,
  pathParam,
  string,
  url,
} from '#openapi/schemas'
import { personCreditsValidator } from '#validators/people'

/*
| People and filmographies (issue 15, API.md "Beyond the seeds"): a person's
| page and their credits. Shapes are inline: they belong to this domain.
| The person items of GET /search?type=person are documented with the
| search (series.ts) from `personSearchItem` below.
*/

/** An item of GET /search?type=person (PersonTransformer.searchItem). */
export const personSearchItem: Schema = object({
  type: { const: 'person' },
  id: integer,
  name: string,
  profile_url: url,
  known_for_department: { ...nullableString, examples: ['Acting', 'Directing'] },
})

const personDetail: Schema = object({
  id: integer,
  tmdb_id: nullable(integer),
  imdb_id: { ...nullableString, examples: ['nm0000206'] },
  name: string,
  biography: nullableString,
  birthday: nullable(date),
  deathday: nullable(date),
  place_of_birth: nullableString,
  profile_url: url,
  known_for_department: { ...nullableString, examples: ['Acting', 'Directing'] },
  popularity: { ...number, description: "TMDB's popularity of the person (0 until their page is synced)" },
  details_synced_at: {
    ...nullable(dateTime),
    description:
      "When TMDB's page of the person was last fetched. Null: only the movie credits know them yet; " +
      'a sync is queued and biography, dates and place of birth fill in once it ran.',
  },
  known_for: {
    type: 'array',
    maxItems: 8,
    items: movieSummary,
    description: 'Up to 8 of their most popular movies the caller may see (MovieSummary; per-user fields with a token)',
  },
})

const personCredit: Schema = extend(
  movieSummary,
  {
    role: { type: 'string', enum: ['cast', 'crew'] },
    character: { ...nullableString, description: 'The role played (cast credits; null for crew)' },
    job: { ...nullableString, description: 'The crew job (crew credits; null for cast)', examples: ['Director'] },
    department: {
      ...nullableString,
      description: 'The crew department; `Acting` for cast credits',
      examples: ['Acting', 'Directing', 'Writing'],
    },
    watched: {
      ...boolean,
      description: 'Only with a token: the caller rated it, logged it in the diary or marked it watched',
    },
  },
  ['watched']
)

const personId = pathParam('id', 'Person id (the `person_id` of cast and crew entries)')

const docs: DocsModule = {
  tags: [{ name: 'People', description: 'Cast and crew: their pages and filmographies' }],
  routes: {
    'api.people.show': {
      summary: 'Person details',
      description:
        "A person's page: biography, dates, place of birth and up to 8 of their most popular movies the " +
        'caller may see. Any `person_id` the API hands out answers 200: a person TMDB has not been asked ' +
        'about yet comes with what the credits know (`details_synced_at: null`) and their sync is queued. ' +
        '404 for an id no person has.',
      tags: ['People'],
      auth: 'optional',
      params: personId,
      responses: { 200: { description: 'The person', schema: personDetail } },
      errors: [404],
    },
    'api.people.credits': {
      summary: "A person's filmography",
      description:
        'Their credits in movies the caller may see, one item per credit (a movie can appear as cast and ' +
        'as crew, or in two jobs): MovieSummary plus `role`, `character`, `job` and `department`. With a ' +
        "token each item carries the caller's `user_rating`, `in_watchlist`, `is_favorite` and `watched`. " +
        '`department=Acting` selects cast credits, any other department crew credits. 404 for an unknown person.',
      tags: ['People'],
      auth: 'optional',
      params: personId,
      query: {
        validator: personCreditsValidator,
        descriptions: {
          ...pageDescriptions,
          role: '`cast` or `crew`; both when absent',
          department: 'Only credits in this department (`Acting` for cast credits)',
          sort: '`-release_date` (default, undated last), `release_date` or `-popularity`',
        },
      },
      responses: { 200: { description: 'A page of credits', schema: page(personCredit) } },
      errors: [404],
    },
  },
}

export default docs
