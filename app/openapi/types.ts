/*
|--------------------------------------------------------------------------
| OpenAPI types
|--------------------------------------------------------------------------
|
| The small subset of OpenAPI 3.1 this project writes, plus the shape of
| the documentation registry (app/openapi/docs/*.ts) that the generator
| joins with the live router.
|
*/

/** A JSON Schema (OpenAPI 3.1 uses JSON Schema 2020-12; VineJS emits draft 7). */
export interface Schema {
  $ref?: string
  type?: string | string[]
  format?: string
  title?: string
  description?: string
  properties?: Record<string, Schema>
  additionalProperties?: boolean | Schema
  required?: string[]
  items?: Schema
  enum?: unknown[]
  const?: unknown
  anyOf?: Schema[]
  oneOf?: Schema[]
  allOf?: Schema[]
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  minLength?: number
  maxLength?: number
  pattern?: string
  minItems?: number
  maxItems?: number
  uniqueItems?: boolean
  examples?: unknown[]
  [keyword: string]: unknown
}

export interface HeaderObject {
  description: string
  schema: Schema
}

export type Reference = { $ref: string }

export interface MediaType {
  schema: Schema
  example?: unknown
  examples?: Record<string, { summary: string; value: unknown }>
}

export interface ResponseObject {
  description: string
  headers?: Record<string, HeaderObject | Reference>
  content?: Record<string, MediaType>
}

export interface ParameterObject {
  name: string
  in: 'query' | 'path' | 'header'
  description?: string
  required: boolean
  schema: Schema
}

export interface OperationObject {
  operationId: string
  summary: string
  description?: string
  tags: string[]
  security?: Record<string, string[]>[]
  parameters?: ParameterObject[]
  requestBody?: { required: boolean; content: Record<string, MediaType> }
  responses: Record<string, ResponseObject | Reference>
}

export interface TagObject {
  name: string
  description: string
}

export interface OpenApiDocument {
  openapi: string
  info: { title: string; version: string; description: string }
  servers: { url: string; description: string }[]
  tags: TagObject[]
  /** Path → lower-case method → operation. */
  paths: Record<string, Record<string, OperationObject>>
  components: {
    schemas: Record<string, Schema>
    responses: Record<string, ResponseObject>
    headers: Record<string, HeaderObject>
    securitySchemes: Record<string, Record<string, string>>
  }
}

/*
|--------------------------------------------------------------------------
| Registry
|--------------------------------------------------------------------------
*/

/**
 * Anything with VineJS 4's `toJSONSchema()`: the exported validators of
 * app/validators/*.ts (`vine.create(...)`).
 */
export interface JsonSchemaSource {
  toJSONSchema(): unknown
}

/**
 * none: no token used; optional: public, per-user fields with a token
 * (silentAuth); required: 401 without a token (auth middleware).
 */
export type AuthMode = 'none' | 'optional' | 'required'

/** A validator that describes the query string or a request body. */
export interface ValidatorDoc {
  validator: JsonSchemaSource
  /** Names one alternative when a body accepts several shapes. */
  title?: string
  /** A request body example (shown by Swagger UI, one per alternative). */
  example?: unknown
  /** Per-field descriptions, merged into the generated schema. */
  descriptions?: Record<string, string>
  /**
   * Keywords merged over a field's generated schema, for what VineJS cannot
   * express in JSON Schema (a `vine.date()` comes out as `{}`).
   */
  fields?: Record<string, Schema>
}

export interface ResponseDoc {
  description: string
  /** A component name (`MovieDetail`) or an inline schema. */
  schema?: string | Schema
  /** Defaults to application/json when there is a schema. */
  contentType?: string
  example?: unknown
}

/** Error statuses with a shared response component (see components.ts). */
export type CommonError = 400 | 401 | 403 | 404 | 409 | 422 | 429 | 500 | 502 | 503

export interface RouteDoc {
  summary: string
  description?: string
  tags: string[]
  /** Checked against the route's middleware (auth / silentAuth). */
  auth: AuthMode
  query?: ValidatorDoc
  /** Several validators: the body may take any one of their shapes. */
  body?: ValidatorDoc | ValidatorDoc[]
  /** application/json unless said otherwise (multipart for uploads). */
  bodyContentType?: string
  /** Every `:param` of the route pattern, with its description. */
  params?: Record<string, { description: string; schema?: Schema }>
  /** Success (and route-specific) responses by status. */
  responses: Record<number, ResponseDoc>
  /**
   * Shared error responses this route can return, beyond those the
   * generator adds on its own (401 for auth, 422 for validators, 429 and
   * 500 for the API).
   */
  errors?: CommonError[]
}

/** One file of app/openapi/docs: its tags and its routes by route name. */
export interface DocsModule {
  tags: TagObject[]
  routes: Record<string, RouteDoc>
}
