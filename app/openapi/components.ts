/*
|--------------------------------------------------------------------------
| Shared OpenAPI components
|--------------------------------------------------------------------------
|
| Shapes of /work/shared/API.md ("Shapes", error envelope, pagination meta)
| as they leave app/transformers and app/services. Route docs refer to
| them by name (`schema: 'MovieDetail'`).
|
*/

import type { HeaderObject, ResponseObject, Schema } from '#openapi/types'
import {
  boolean,
  extend,
  genreRef,
  integer,
  movieSummary,
  nullable,
  nullableDateTime,
  nullableString,
  number,
  object,
  paginationMeta,
  ref,
  string,
  url,
} from '#openapi/schemas'

export { ref }

const movieDetail = extend(
  movieSummary,
  {
    tagline: nullableString,
    status: nullableString,
    budget: nullable(integer),
    revenue: nullable(integer),
    homepage: nullableString,
    spoken_languages: {
      type: 'array',
      items: object({ iso_639_1: string, name: string }),
    },
    production_countries: {
      type: 'array',
      items: object({ iso_3166_1: string, name: string }),
    },
    keywords: { type: 'array', items: string },
    cast: {
      type: 'array',
      items: object({
        person_id: integer,
        name: string,
        character: nullableString,
        order: integer,
        profile_url: url,
      }),
    },
    directors: { type: 'array', items: object({ person_id: integer, name: string }) },
    crew: {
      type: 'array',
      items: object({ person_id: integer, name: string, job: string, department: nullableString }),
    },
    collection: {
      ...nullable(object({ id: integer, name: string, poster_url: url })),
      description: 'The collection (franchise) the movie belongs to, null when none; GET /collections/{id} lists its parts',
    },
    videos: {
      type: 'array',
      description:
        'Trailers, teasers, clips and featurettes from TMDB: official trailers first, then the others; ' +
        'each group by `published_at`, oldest first',
      items: object({
        key: { ...string, description: "The video's id on its site" },
        site: { enum: ['YouTube', 'Vimeo'] },
        type: { enum: ['Trailer', 'Teaser', 'Clip', 'Featurette'] },
        name: string,
        official: boolean,
        published_at: nullableDateTime,
        url: {
          ...string,
          format: 'uri',
          description: 'https://www.youtube.com/watch?v=KEY or https://vimeo.com/KEY',
        },
      }),
    },
    watch_providers_regions: {
      type: 'array',
      items: { ...string, pattern: '^[A-Z]{2}$' },
      description: 'Regions (ISO 3166-1) where the movie has watch providers, sorted; see `GET /movies/{id}/watch-providers`',
    },
    watched: { ...boolean, description: 'Whether the caller logged it as watched (false without a token)' },
    predicted_rating: {
      ...nullable(number),
      minimum: 0.5,
      maximum: 5,
      description:
        'What the recommender expects the caller to rate it; only with a token, null when it cannot tell',
    },
  },
  ['predicted_rating']
)

const checkResult: Schema = object(
  {
    status: { enum: ['up', 'down'] },
    latency_ms: integer,
    message: { ...string, description: 'Why the check failed' },
  },
  ['latency_ms', 'message']
)

export const schemas: Record<string, Schema> = {
  Error: object({
    error: {
      type: 'object',
      description: 'Some errors add fields here (for example `attempts_left`).',
      properties: {
        code: { ...string, examples: ['E_VALIDATION', 'E_NOT_FOUND', 'E_UNAUTHORIZED'] },
        message: { ...string, description: 'Human readable' },
        details: {
          type: 'array',
          description: 'Every failing field (validation) or the conflicting field (conflict)',
          items: ref('ErrorDetail'),
        },
      },
      required: ['code', 'message'],
    },
  }),
  ErrorDetail: object({ field: string, rule: string, message: string }),
  PaginationMeta: paginationMeta,
  GenreRef: genreRef,
  Genre: object({ id: integer, name: string, movie_count: { ...integer, description: 'Visible movies' } }),
  GenreList: object({ data: { type: 'array', items: ref('Genre') } }),
  MovieSummary: movieSummary,
  MovieDetail: movieDetail,
  MoviePage: object({ data: { type: 'array', items: ref('MovieSummary') }, meta: ref('PaginationMeta') }),
  JobAccepted: object({ job_id: { ...string, description: 'The queued job' } }),
  Health: object({
    status: { enum: ['healthy', 'degraded'] },
    timestamp: { ...string, format: 'date-time' },
    version: string,
    checks: object({
      database: checkResult,
      redis: checkResult,
      queues: extend(
        checkResult,
        {
          queues: {
            type: 'object',
            description: 'Job counts per queue',
            additionalProperties: {
              type: 'object',
              additionalProperties: integer,
              examples: [{ waiting: 0, active: 0, failed: 0, delayed: 0 }],
            },
          },
        },
        ['queues']
      ),
      schedules: {
        ...extend(
          checkResult,
          {
            registered: { ...integer, description: 'How many schedules Redis holds (when up)' },
            missing: { type: 'array', items: string, description: 'Ids of the missing schedules (when down)' },
          },
          ['registered', 'missing']
        ),
        description: 'Repeatable jobs (BullMQ job schedulers); down lists the `missing` ids (workers restore them)',
      },
      recommender: object({
        status: { enum: ['up'] },
        serving_version: { ...nullableString, description: 'The model version this process serves from (null before the first training)' },
        loaded_at: { ...nullableString, description: 'When this process loaded it' },
      }),
    }),
    reasons: {
      type: 'array',
      items: string,
      description:
        'Why the status is degraded, one sentence each: a dependency down, a queue failing too often in the last hour, ' +
        'a recommender model older than 48 h, jobs waiting with no worker taking them. Empty when healthy.',
    },
  }),
}

export const headers: Record<string, HeaderObject> = {
  'X-RateLimit-Limit': {
    description: 'Requests allowed per minute under the tightest limit that applies',
    schema: integer,
  },
  'X-RateLimit-Remaining': { description: 'Requests left in the current window', schema: integer },
  'X-RateLimit-Reset': { description: 'Seconds until the window resets', schema: integer },
  'Retry-After': { description: 'Seconds to wait before retrying', schema: integer },
  'ETag': {
    description: 'Differs per user when the body does; send it back in If-None-Match',
    schema: string,
  },
}

const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` })

/** Every /api/v1 response carries these. */
export const rateLimitHeaders = {
  'X-RateLimit-Limit': headerRef('X-RateLimit-Limit'),
  'X-RateLimit-Remaining': headerRef('X-RateLimit-Remaining'),
  'X-RateLimit-Reset': headerRef('X-RateLimit-Reset'),
}

export const etagHeader = { ETag: headerRef('ETag') }

const errorResponse = (
  description: string,
  code: string,
  message: string,
  extra: Record<string, unknown> = {}
): ResponseObject => ({
  description,
  headers: rateLimitHeaders,
  content: {
    'application/json': {
      schema: ref('Error'),
      example: { error: { code, message, ...extra } },
    },
  },
})

/** The shared error responses, by status (component name = status). */
export const errorResponses: Record<number, { name: string; response: ResponseObject }> = {
  400: {
    name: 'BadRequest',
    response: errorResponse(
      'Malformed JSON, a JSON body that is not an object, or a wrong content type',
      'E_BAD_REQUEST',
      'Malformed request body: Unexpected end of JSON input'
    ),
  },
  401: {
    name: 'Unauthorized',
    response: errorResponse(
      'Missing, invalid or expired token (E_UNAUTHORIZED, E_TOKEN_EXPIRED)',
      'E_UNAUTHORIZED',
      'Authentication required'
    ),
  },
  403: {
    name: 'Forbidden',
    response: errorResponse(
      'Authenticated but not allowed (E_FORBIDDEN, E_ACCOUNT_SUSPENDED, E_IP_BLOCKED)',
      'E_FORBIDDEN',
      'You are not allowed to do this'
    ),
  },
  404: {
    name: 'NotFound',
    response: errorResponse(
      'Unknown resource, or one the caller may not know exists',
      'E_NOT_FOUND',
      'Resource not found'
    ),
  },
  409: {
    name: 'Conflict',
    response: errorResponse('Duplicate; `details` names the field', 'E_CONFLICT', 'Already exists', {
      details: [{ field: 'tmdb_id', rule: 'unique', message: 'The tmdb_id is already in the catalogue' }],
    }),
  },
  422: {
    name: 'ValidationFailed',
    response: errorResponse(
      'Validation failed; `details` lists every failing field',
      'E_VALIDATION',
      'The request has invalid fields',
      {
        details: [
          { field: 'per_page', rule: 'range', message: 'The per_page field must be between 1 and 100' },
        ],
      }
    ),
  },
  429: {
    name: 'RateLimited',
    response: {
      ...errorResponse('Over a rate limit', 'E_RATE_LIMITED', 'Too many requests'),
      headers: { ...rateLimitHeaders, 'Retry-After': headerRef('Retry-After') },
    },
  },
  500: {
    name: 'InternalError',
    response: errorResponse(
      'Unexpected failure (never a stack trace)',
      'E_INTERNAL',
      'Something went wrong on our side'
    ),
  },
  502: {
    name: 'Upstream',
    response: errorResponse('TMDB failed', 'E_UPSTREAM', 'TMDB did not answer'),
  },
  503: {
    name: 'Unavailable',
    response: errorResponse('A dependency is down', 'E_UNAVAILABLE', 'Service unavailable'),
  },
}

export const securitySchemes = {
  bearerAuth: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'Access token from POST /api/v1/auth/login (15 minutes); refresh with POST /api/v1/auth/refresh.',
  },
}
