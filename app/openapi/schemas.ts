/*
|--------------------------------------------------------------------------
| Shared OpenAPI schema helpers
|--------------------------------------------------------------------------
|
| The building blocks every file of app/openapi/docs (and components.ts)
| writes its shapes with: primitives, nullable, strict objects, pages,
| the user summary, path ids. Declared once here so a shape means the same
| thing in every domain.
|
| Objects are strict (`additionalProperties: false`): API.md lists the
| fields of each shape, and tests/functional/system/openapi_responses.spec.ts
| fails when a response carries a field its schema does not name.
|
*/

import type { Schema } from '#openapi/types'

export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` })

export const string: Schema = { type: 'string' }
export const integer: Schema = { type: 'integer' }
export const number: Schema = { type: 'number' }
export const boolean: Schema = { type: 'boolean' }
export const dateTime: Schema = { type: 'string', format: 'date-time' }
export const date: Schema = { type: 'string', format: 'date' }

/**
 * The schema or null. Simple typed schemas get `type: [t, 'null']` (and
 * null in their enum); references and compositions get `anyOf`.
 */
export function nullable(schema: Schema): Schema {
  if (typeof schema.type === 'string' && schema.$ref === undefined) {
    return {
      ...schema,
      type: [schema.type, 'null'],
      ...(schema.enum ? { enum: [...schema.enum, null] } : {}),
    }
  }
  return { anyOf: [schema, { type: 'null' }] }
}

export const nullableString = nullable(string)
export const nullableDateTime = nullable(dateTime)
export const nullableDate = nullable(date)
export const url: Schema = { ...nullableString, format: 'uri' }

/** A strict object: every property required unless listed in `optional`, nothing else allowed. */
export function object(properties: Record<string, Schema>, optional: string[] = []): Schema {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((key) => !optional.includes(key)),
    additionalProperties: false,
  }
}

/**
 * A strict object with the fields of `base` (an `object()` schema) and more:
 * strictness rules out `allOf` composition, so the properties are merged.
 */
export function extend(base: Schema, properties: Record<string, Schema>, optional: string[] = []): Schema {
  return {
    ...base,
    type: 'object',
    properties: { ...base.properties, ...properties },
    required: [...(base.required ?? []), ...Object.keys(properties).filter((key) => !optional.includes(key))],
    additionalProperties: false,
  }
}

/** PaginationMeta (`meta` of every offset-paginated body). */
export const paginationMeta: Schema = object({
  total: integer,
  per_page: integer,
  current_page: integer,
  last_page: integer,
  first_page: integer,
  first_page_url: string,
  last_page_url: string,
  next_page_url: nullableString,
  previous_page_url: nullableString,
})

/** A list body: `{ data: [...] }`. */
export const list = (item: Schema): Schema => object({ data: { type: 'array', items: item } })

/** An offset-paginated body: `{ data: [...], meta: PaginationMeta }`. */
export const page = (item: Schema): Schema =>
  object({ data: { type: 'array', items: item }, meta: ref('PaginationMeta') })

/** A cursor-paginated body: `{ data: [...], next_cursor }`. */
export const cursorPage = (item: Schema, cursorDescription: string): Schema =>
  object({
    data: { type: 'array', items: item },
    next_cursor: { ...nullableString, description: cursorDescription },
  })

/** A rating as users give it: half stars from 0.5 to 5. */
export const rating: Schema = { type: 'number', enum: [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5] }

/** `{ message }` bodies (password reset, email verification). */
export const message: Schema = object({ message: string })

export const genreRef: Schema = object({ id: integer, name: string })

/** UserSummary (app/transformers/user_summary_transformer.ts). */
export const userSummary: Schema = {
  ...object({ id: integer, username: string, display_name: nullableString, avatar_url: nullableString }),
  description: 'UserSummary',
}

/** The fields a signed-in caller gets on a movie summary. */
export const movieViewerFields: Record<string, Schema> = {
  user_rating: {
    ...nullable(number),
    minimum: 0.5,
    maximum: 5,
    description: "The caller's rating; only with a token",
  },
  in_watchlist: { ...boolean, description: 'Only with a token' },
  is_favorite: { ...boolean, description: 'Only with a token' },
}

/** MovieSummary (MovieTransformer.summary), as a schema to extend; docs refer to it as `ref('MovieSummary')`. */
export const movieSummary: Schema = object(
  {
    id: integer,
    tmdb_id: nullable(integer),
    imdb_id: { ...nullableString, examples: ['tt0133093'] },
    movielens_id: nullable(integer),
    title: string,
    original_title: nullableString,
    overview: nullableString,
    release_date: { ...nullableString, format: 'date' },
    year: nullable(integer),
    runtime: { ...nullable(integer), description: 'Minutes' },
    adult: boolean,
    original_language: { ...nullableString, description: 'ISO 639-1 code' },
    poster_url: url,
    backdrop_url: url,
    genres: { type: 'array', items: ref('GenreRef') },
    popularity: { ...number, description: "TMDB's popularity" },
    vote_average: { ...number, minimum: 0, maximum: 10, description: "TMDB's average (0–10)" },
    vote_count: { ...integer, description: "TMDB's vote count" },
    average_rating: {
      ...nullable(number),
      minimum: 0.5,
      maximum: 5,
      description: "This site's users' average (0.5–5)",
    },
    rating_count: { ...integer, description: "Number of this site's ratings" },
    ...movieViewerFields,
  },
  Object.keys(movieViewerFields)
)

/** Path parameters: `{ id: { description } }` and the like. */
export const pathParam = (name: string, description: string) => ({ [name]: { description } })

/** The path ids shared by several domains. */
export const movieIdParam = pathParam('id', 'Movie id')
/** `/…/:movie_id` (watchlist, favourites, list items, hidden recommendations). */
export const movieIdSegmentParam = pathParam('movie_id', 'Movie id')

/** 204 No Content. */
export const noContent = { 204: { description: 'Done' } }

/** Descriptions of the `page` / `per_page` query fields. */
export const pageDescriptions = {
  page: 'Page number (from 1). A page past the end is 200 with empty `data`.',
  per_page: 'Items per page (1–100, default 20)',
}
