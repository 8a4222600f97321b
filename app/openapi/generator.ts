/*
|--------------------------------------------------------------------------
| OpenAPI generator
|--------------------------------------------------------------------------
|
| Walks the live router and joins every route with its entry in the
| documentation registry (by route name). Query and body schemas come from
| the validators the controllers use; auth, rate limits and ETags from the
| route's middleware. Whatever does not line up (an undocumented route, an
| entry without a route, an auth mode the middleware contradicts) is
| collected in `problems`, which the test suite requires to be empty.
|
*/

import router from '@adonisjs/core/services/router'
import type { RouteJSON } from '@adonisjs/core/types/http'
import { rateLimits, type RateLimitName } from '#start/limiter'
import { docsModules, exclusionFor } from '#openapi/registry'
import { queryParameters, validatorSchema } from '#openapi/json_schema'
import {
  errorResponses,
  etagHeader,
  headers,
  rateLimitHeaders,
  ref,
  schemas,
  securitySchemes,
} from '#openapi/components'
import type {
  AuthMode,
  CommonError,
  DocsModule,
  MediaType,
  OpenApiDocument,
  OperationObject,
  ParameterObject,
  Reference,
  ResponseObject,
  RouteDoc,
  TagObject,
} from '#openapi/types'
import packageJson from '../../package.json' with { type: 'json' }
import { ID_RANGES } from '#validators/route_params'

/** What the generator needs to know of one route of the router. */
export interface RouteInfo {
  name?: string
  pattern: string
  /** HEAD (added by Adonis to every GET) left out. */
  methods: string[]
  params: { name: string; optional: boolean; range: { minimum: number; maximum?: number } | null }[]
  wildcard: boolean
  /** Named middleware, in order, with their options. */
  middleware: { name: string; args?: unknown }[]
}

export interface OpenApiBuild {
  document: OpenApiDocument
  problems: string[]
}

/** The integer range a path parameter's matcher accepts, or null when it is not numeric. */
function integerRange(source: string | undefined): { minimum: number; maximum?: number } | null {
  if (!source) return null
  if (source === router.matchers.number().match.source) return { minimum: 0 }
  return ID_RANGES.get(source) ?? null
}

/** The committed routes of every domain, as RouteInfo. */
export function liveRoutes(): RouteInfo[] {
  if (!router.commited) {
    throw new Error('The router has not committed its routes yet; build the OpenAPI document after boot')
  }
  return Object.values(router.toJSON())
    .flat()
    .map((route: RouteJSON) => ({
      name: route.name,
      pattern: route.pattern,
      methods: route.methods.filter((method) => method !== 'HEAD'),
      params: route.tokens
        .filter((token) => token.type === 1 || token.type === 3)
        .map((token) => ({
          name: token.val,
          optional: token.type === 3,
          range: integerRange(route.matchers[token.val]?.match?.source),
        })),
      wildcard: route.tokens.some((token) => token.type === 2),
      middleware: [...route.middleware.all()].flatMap((entry) =>
        typeof entry === 'object' && entry.name ? [{ name: entry.name, args: entry.args }] : []
      ),
    }))
}

let cached: OpenApiBuild | undefined

/** The document of this process's routes, built on first use. */
export function openApi(): OpenApiBuild {
  cached ??= buildOpenApi(liveRoutes())
  return cached
}

export function buildOpenApi(routes: RouteInfo[], modules: DocsModule[] = docsModules): OpenApiBuild {
  const problems: string[] = []
  const registry = new Map<string, RouteDoc>()
  const tags = new Map<string, TagObject>()
  for (const module of modules) {
    for (const tag of module.tags) tags.set(tag.name, tag)
    for (const [name, doc] of Object.entries(module.routes)) {
      if (registry.has(name)) problems.push(`registry: "${name}" is documented twice`)
      registry.set(name, doc)
    }
  }

  const document: OpenApiDocument = {
    openapi: '3.1.0',
    info: { title: 'Marquee API', version: packageJson.version, description: INTRODUCTION },
    servers: [{ url: '/', description: 'This server' }],
    tags: [...tags.values()],
    paths: {},
    components: {
      schemas,
      responses: Object.fromEntries(
        Object.values(errorResponses).map(({ name, response }) => [name, response])
      ),
      headers,
      securitySchemes,
    },
  }

  const documented = new Set<string>()
  for (const route of routes) {
    const label = `${route.methods.join('|')} ${route.pattern}`
    if (exclusionFor(route)) continue

    const doc = route.name ? registry.get(route.name) : undefined
    if (!route.name) problems.push(`${label}: the route has no name (give it one with .as())`)
    else if (!doc) problems.push(`${label}: route "${route.name}" has no entry in app/openapi/docs`)
    if (route.wildcard) problems.push(`${label}: wildcard routes cannot be documented; exclude it`)
    if (route.name && doc) documented.add(route.name)

    const path = route.pattern.replace(/:([^/?]+)\??/g, '{$1}')
    const operations = (document.paths[path] ??= {})
    for (const method of route.methods) {
      const suffix = route.methods.length > 1 ? `_${method.toLowerCase()}` : ''
      const operationId = (route.name ?? `${method} ${route.pattern}`) + suffix
      operations[method.toLowerCase()] = doc
        ? operation(route, doc, operationId, problems)
        : undocumented(route, operationId)
    }
  }

  for (const name of registry.keys()) {
    if (!documented.has(name)) problems.push(`registry: "${name}" matches no route (or an excluded one)`)
  }
  for (const [name, doc] of registry) {
    for (const tag of doc.tags) {
      if (!tags.has(tag)) problems.push(`${name}: tag "${tag}" is not declared by any docs module`)
    }
  }
  return { document, problems }
}

function authModeOf(route: RouteInfo): AuthMode {
  const names = route.middleware.map((entry) => entry.name)
  if (names.includes('auth')) return 'required'
  if (names.includes('silentAuth')) return 'optional'
  return 'none'
}

/** The limit whose headers the client sees: the last throttle applied. */
function rateLimitOf(route: RouteInfo): RateLimitName | undefined {
  const throttles = route.middleware.filter((entry) => entry.name === 'throttle')
  if (!throttles.length) return undefined
  const args = throttles[throttles.length - 1].args as { limit?: RateLimitName } | undefined
  return args?.limit ?? 'default'
}

function operation(
  route: RouteInfo,
  doc: RouteDoc,
  operationId: string,
  problems: string[]
): OperationObject {
  const where = route.name!
  const auth = authModeOf(route)
  if (auth !== doc.auth) {
    problems.push(`${where}: documented as auth "${doc.auth}" but its middleware makes it "${auth}"`)
  }
  const isApi = route.pattern.startsWith('/api/v1/')
  const cached = route.middleware.some((entry) => entry.name === 'httpCache')
  const limit = rateLimitOf(route)
  const parameters: ParameterObject[] = []

  // Path parameters: every one of the pattern, described by the registry.
  for (const param of route.params) {
    const paramDoc = doc.params?.[param.name]
    if (!paramDoc) problems.push(`${where}: path parameter "${param.name}" is not described`)
    if (param.optional) problems.push(`${where}: optional path parameter "${param.name}" (OpenAPI has none)`)
    parameters.push({
      name: param.name,
      in: 'path',
      required: true,
      description: paramDoc?.description,
      schema: paramDoc?.schema ?? (param.range ? { type: 'integer', ...param.range } : { type: 'string' }),
    })
  }
  for (const name of Object.keys(doc.params ?? {})) {
    if (!route.params.some((param) => param.name === name)) {
      problems.push(`${where}: documents path parameter "${name}" that the pattern does not have`)
    }
  }

  if (doc.query) {
    const query = queryParameters(doc.query, `${where} (query)`)
    parameters.push(...query.parameters)
    problems.push(...query.problems)
  }
  const idempotent = route.middleware.some((entry) => entry.name === 'idempotency')
  if (idempotent) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'Makes a retry safe: for 24 hours the same key from the same user returns the first successful response again ' +
        '(with `Idempotent-Replayed: true`) and creates nothing new. 1–128 visible ASCII characters (a UUID); ' +
        'a malformed key is 400, the same key with a different body or route 422, and while the first request with ' +
        'the key is still running 409 with `Retry-After`.',
      schema: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7E]+$' },
    })
  }
  if (cached) {
    parameters.push({
      name: 'If-None-Match',
      in: 'header',
      required: false,
      description: 'An ETag from an earlier response: 304 when the body has not changed',
      schema: { type: 'string' },
    })
  }

  let requestBody: OperationObject['requestBody']
  if (doc.body) {
    const variants = Array.isArray(doc.body) ? doc.body : [doc.body]
    const bodies = variants.map((body) => {
      const result = validatorSchema(body, `${where} (body)`)
      problems.push(...result.problems)
      return result.schema
    })
    const media: MediaType = { schema: bodies.length === 1 ? bodies[0] : { anyOf: bodies } }
    const examples = variants.filter((variant) => variant.example !== undefined)
    if (examples.length) {
      media.examples = Object.fromEntries(
        examples.map((variant, index) => [
          `example${index + 1}`,
          { summary: variant.title ?? 'Example', value: variant.example },
        ])
      )
    }
    requestBody = { required: true, content: { [doc.bodyContentType ?? 'application/json']: media } }
  }

  const responses: Record<string, ResponseObject | Reference> = {}
  for (const [status, response] of Object.entries(doc.responses)) {
    const responseHeaders = {
      ...(isApi ? rateLimitHeaders : {}),
      ...(cached && status === '200' ? etagHeader : {}),
    }
    responses[status] = {
      description: response.description,
      ...(Object.keys(responseHeaders).length ? { headers: responseHeaders } : {}),
      ...(response.schema
        ? {
            content: {
              [response.contentType ?? 'application/json']: {
                schema: typeof response.schema === 'string' ? ref(response.schema) : response.schema,
                ...(response.example !== undefined ? { example: response.example } : {}),
              },
            },
          }
        : {}),
    }
  }
  if (cached) {
    responses['304'] = {
      description: 'Not modified (If-None-Match matched the ETag)',
      headers: { ...(isApi ? rateLimitHeaders : {}), ...etagHeader },
    }
  }

  // Errors every route of its kind can return, then the route's own.
  const errors = new Set<CommonError>(doc.errors ?? [])
  if (auth !== 'none') errors.add(401)
  if (doc.query || doc.body) errors.add(422)
  // Any body: a wrong content type is 400 on every route (json_body_middleware).
  if (doc.body) errors.add(400)
  if (limit) errors.add(429)
  if (idempotent) for (const status of [400, 409, 422] as const) errors.add(status)
  errors.add(500)
  for (const status of [...errors].sort((a, b) => a - b)) {
    if (responses[status]) continue
    const { name, response } = errorResponses[status]
    // Outside /api/v1 there are no rate-limit headers: inline the body only.
    responses[status] = isApi
      ? { $ref: `#/components/responses/${name}` }
      : { description: response.description, content: response.content }
  }

  const notes: string[] = []
  if (auth === 'required') notes.push('**Auth:** bearer token required.')
  if (auth === 'optional') notes.push('**Auth:** optional; with a token the response adds per-user fields.')
  if (limit) {
    const policy = rateLimits[limit]
    const per = policy.by === 'ip' ? 'per IP' : 'per user (per IP when anonymous)'
    notes.push(`**Rate limit:** ${policy.requests} requests per minute ${per}.`)
  }
  if (cached) notes.push('**Caching:** sends an `ETag` and honours `If-None-Match` with 304.')
  if (idempotent) notes.push('**Idempotent:** honours an `Idempotency-Key` header for 24 hours.')

  return {
    operationId,
    summary: doc.summary,
    description: [doc.description, ...notes].filter(Boolean).join('\n\n'),
    tags: doc.tags,
    ...(auth === 'required' ? { security: [{ bearerAuth: [] }] } : {}),
    ...(auth === 'optional' ? { security: [{}, { bearerAuth: [] }] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  }
}

/** Still listed, so /api/docs shows every route, but flagged (and a test failure). */
function undocumented(route: RouteInfo, operationId: string): OperationObject {
  return {
    operationId,
    summary: 'Undocumented',
    description: `No entry for ${route.name ?? 'this unnamed route'} in app/openapi/docs.`,
    tags: ['Undocumented'],
    ...(route.params.length
      ? {
          parameters: route.params.map((param) => ({
            name: param.name,
            in: 'path' as const,
            required: true,
            schema: param.range ? { type: 'integer', ...param.range } : { type: 'string' },
          })),
        }
      : {}),
    responses: { default: { description: 'Undocumented' } },
  }
}

const INTRODUCTION = `The JSON API of Marquee, a movie platform.

- **Base path** \`/api/v1\`; JSON in and out, \`snake_case\` keys, timestamps ISO 8601 UTC, dates \`YYYY-MM-DD\`.
- **Auth:** \`Authorization: Bearer <access_token>\`. Public endpoints work without a token and add per-user
  fields (\`user_rating\`, \`in_watchlist\`, \`is_favorite\`) with one.
- **Pagination:** \`?page=1&per_page=20\` (\`per_page\` 1–100) on every list, answered as \`{data, meta}\`.
- **Errors** always use one envelope: \`{"error": {"code", "message", "details"?}}\`.
- **Rate limits:** every \`/api/v1\` response carries \`X-RateLimit-Limit\`, \`X-RateLimit-Remaining\` and
  \`X-RateLimit-Reset\`; a 429 also \`Retry-After\`.`

