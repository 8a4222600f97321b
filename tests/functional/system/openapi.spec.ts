import { request as httpRequest } from 'node:http'
import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import router from '@adonisjs/core/services/router'
import { Validator } from '@seriousme/openapi-schema-validator'
import env from '#start/env'
import { buildOpenApi, openApi, type RouteInfo } from '#openapi/generator'
import { exclusionFor } from '#openapi/registry'
import type {
  DocsModule,
  OpenApiDocument,
  OperationObject,
  ParameterObject,
  ResponseObject,
  Schema,
} from '#openapi/types'
import {
  createMovieValidator,
  importMovieValidator,
  listMoviesValidator,
  searchMoviesValidator,
} from '#validators/movie'

async function fetchSpec(client: ApiClient) {
  const response = await client.get('/api/openapi.json')
  response.assertStatus(200)
  return response.body() as OpenApiDocument
}

function queryParam(operation: OperationObject, name: string): ParameterObject | undefined {
  return operation.parameters?.find((parameter) => parameter.in === 'query' && parameter.name === name)
}

/** A raw request, so the path reaches the server exactly as written (no URL normalisation). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: env.get('HOST'), port: env.get('PORT'), path, method: 'GET' }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

test.group('System / OpenAPI document', () => {
  test('GET /api/openapi.json is a valid OpenAPI 3.1 document whose $refs resolve', async ({
    client,
    assert,
  }) => {
    const document = await fetchSpec(client)
    assert.equal(document.openapi, '3.1.0')

    const validator = new Validator()
    const result = await validator.validate(document as unknown as Record<string, unknown>)
    assert.deepEqual(result.errors, undefined)
    assert.isTrue(result.valid)
    assert.equal(validator.version, '3.1')
    // Throws on a $ref that points nowhere.
    assert.doesNotThrow(() => validator.resolveRefs())

    assert.properties(document.components.schemas, [
      'Error',
      'PaginationMeta',
      'MovieSummary',
      'MovieDetail',
      'Genre',
      'Health',
    ])
    assert.deepEqual(document.components.securitySchemes.bearerAuth, {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description: document.components.securitySchemes.bearerAuth.description,
    })
  })

  test('the registry and the router agree: no undocumented route, no stale entry', async ({ assert }) => {
    // The drift check: a new route without docs, or docs for a removed route, fails here.
    assert.deepEqual(openApi().problems, [])
    // Built once per process.
    assert.strictEqual(openApi(), openApi())
  })

  test('every route of the router appears with its method and path', async ({ client, assert }) => {
    const document = await fetchSpec(client)
    const routes = Object.values(router.toJSON()).flat()
    const apiRoutes = routes.filter((route) => route.pattern.startsWith('/api/v1/') && !exclusionFor(route))
    assert.isAbove(apiRoutes.length, 8)

    let operations = 0
    for (const route of routes) {
      if (exclusionFor(route)) continue
      const path = route.pattern.replace(/:([^/?]+)\??/g, '{$1}')
      for (const method of route.methods.filter((m) => m !== 'HEAD')) {
        const operation = document.paths[path]?.[method.toLowerCase()]
        assert.exists(operation, `${method} ${path} is missing from the document`)
        assert.isString(route.name, `${method} ${path} has no route name`)
        assert.match(operation!.operationId, new RegExp(`^${route.name!.replace(/\./g, '\\.')}`))
        assert.notEqual(operation!.summary, 'Undocumented', `${method} ${path} is undocumented`)
        operations++
      }
    }
    // Nothing in the document that the router does not serve.
    const documented = Object.values(document.paths).flatMap((byMethod) => Object.keys(byMethod))
    assert.lengthOf(documented, operations)

    // The catalogue as of today, spelled as OpenAPI paths.
    assert.exists(document.paths['/api/v1/movies/{id}']?.get)
    assert.exists(document.paths['/api/v1/movies']?.post)
    assert.exists(document.paths['/api/v1/movies/top-rated']?.get)
    assert.exists(document.paths['/health']?.get)
    // Excluded: the catch-all and the docs page itself.
    assert.notExists(document.paths['/api/v1/*'])
    assert.notExists(document.paths['/api/docs'])
  })

  test('query and body schemas are the validators', async ({ client, assert }) => {
    const document = await fetchSpec(client)
    const list = document.paths['/api/v1/movies'].get
    const search = document.paths['/api/v1/movies/search'].get
    const store = document.paths['/api/v1/movies'].post

    // per_page: 1–100, optional, exactly as listMoviesValidator says.
    const perPage = queryParam(list, 'per_page')!
    assert.isFalse(perPage.required)
    assert.equal(perPage.schema.maximum, 100)
    assert.equal(perPage.schema.minimum, 1)
    const fromValidator = (listMoviesValidator.toJSONSchema() as Schema).properties!.per_page
    assert.equal(perPage.schema.type, fromValidator.type)
    assert.equal(perPage.schema.maximum, fromValidator.maximum)
    assert.deepEqual(
      list.parameters!.filter((p) => p.in === 'query').map((p) => p.name),
      Object.keys((listMoviesValidator.toJSONSchema() as Schema).properties!)
    )
    assert.deepEqual(queryParam(list, 'sort')!.schema.enum, [
      'popularity',
      '-popularity',
      'release_date',
      '-release_date',
      'title',
      '-average_rating',
      '-vote_average',
    ])

    assert.equal(queryParam(list, 'sort')!.schema.type, 'string')

    // q is required on search and nowhere else.
    assert.isTrue(queryParam(search, 'q')!.required)
    assert.equal(
      queryParam(search, 'q')!.schema.maxLength,
      (searchMoviesValidator.toJSONSchema() as Schema).properties!.q.maxLength
    )
    assert.notExists(queryParam(list, 'q'))

    // POST /movies: either shape of the body, from both validators.
    const body = store.requestBody!.content['application/json'].schema
    assert.lengthOf(body.anyOf!, 2)
    const [importBody, createBody] = body.anyOf!
    assert.deepEqual(importBody.required, ['tmdb_id'])
    assert.deepEqual(createBody.required, (createMovieValidator.toJSONSchema() as Schema).required)
    assert.deepEqual(createBody.properties!.release_date, { type: 'string', format: 'date' })
    assert.equal(createBody.properties!.adult.type, 'boolean')
    assert.notProperty(createBody, 'additionalProperties')

    // The examples shown for each shape pass the real validators.
    const examples = store.requestBody!.content['application/json'].examples!
    assert.deepEqual(
      Object.values(examples).map((example) => example.summary),
      ['Import from TMDB', 'Create by hand']
    )
    await importMovieValidator.validate(examples.example1.value)
    await createMovieValidator.validate(examples.example2.value)
  })

  test('auth, rate limits, caching and errors follow the contract', async ({ client, assert }) => {
    const document = await fetchSpec(client)
    const list = document.paths['/api/v1/movies'].get
    const search = document.paths['/api/v1/movies/search'].get
    const store = document.paths['/api/v1/movies'].post
    const show = document.paths['/api/v1/movies/{id}'].get
    const health = document.paths['/health'].get

    assert.deepEqual(store.security, [{ bearerAuth: [] }])
    assert.deepEqual(list.security, [{}, { bearerAuth: [] }])
    assert.notProperty(health, 'security')

    const ok = list.responses['200'] as ResponseObject
    assert.properties(ok.headers!, ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'ETag'])
    assert.deepEqual(ok.content!['application/json'].schema, { $ref: '#/components/schemas/MoviePage' })
    assert.property(list.responses, '304')
    assert.deepEqual(list.responses['422'], { $ref: '#/components/responses/ValidationFailed' })
    assert.deepEqual(list.responses['429'], { $ref: '#/components/responses/RateLimited' })
    assert.property(document.components.responses.RateLimited.headers, 'Retry-After')
    assert.match(search.description!, /30 requests per minute per user/)
    assert.match(list.description!, /100 requests per minute per user/)

    assert.deepEqual(store.responses['401'], { $ref: '#/components/responses/Unauthorized' })
    assert.deepEqual(store.responses['409'], { $ref: '#/components/responses/Conflict' })
    assert.properties(store.responses, ['201', '202', '400', '403', '422'])
    assert.deepEqual(show.responses['404'], { $ref: '#/components/responses/NotFound' })
    const idParam = show.parameters!.find((p) => p.in === 'path')!
    assert.deepEqual([idParam.name, idParam.required, idParam.schema.type], ['id', true, 'integer'])

    // Outside /api/v1: no rate-limit headers, 503 with the health body.
    assert.notProperty(health.responses['200'], 'headers')
    assert.deepEqual(
      (health.responses['503'] as ResponseObject).content!['application/json'].schema,
      { $ref: '#/components/schemas/Health' }
    )
    const errorSchema = document.components.schemas.Error
    assert.deepEqual(errorSchema.required, ['error'])
    assert.deepEqual(errorSchema.properties!.error.required, ['code', 'message'])
  })

  test('a route without docs, docs without a route or a wrong auth mode are reported', async ({
    assert,
  }) => {
    const route = (name: string, pattern: string, middleware: string[] = []): RouteInfo => ({
      name,
      pattern,
      methods: ['GET'],
      params: [],
      wildcard: false,
      middleware: middleware.map((m) => ({ name: m })),
    })
    const module: DocsModule = {
      tags: [{ name: 'Things', description: 'Test things' }],
      routes: {
        'api.things.index': {
          summary: 'List things',
          tags: ['Things'],
          auth: 'none',
          responses: { 200: { description: 'Things' } },
        },
        'api.gone.index': {
          summary: 'Removed',
          tags: ['Things'],
          auth: 'none',
          responses: { 200: { description: 'Gone' } },
        },
      },
    }
    const { document, problems } = buildOpenApi(
      [
        route('api.things.index', '/api/v1/things', ['auth']),
        route('api.new.index', '/api/v1/new'),
        route('api.not_found', '/api/v1/*'),
      ],
      [module]
    )
    assert.sameMembers(problems, [
      'api.things.index: documented as auth "none" but its middleware makes it "required"',
      'GET /api/v1/new: route "api.new.index" has no entry in app/openapi/docs',
      'registry: "api.gone.index" matches no route (or an excluded one)',
    ])
    // The undocumented route still shows in the docs, flagged.
    assert.equal(document.paths['/api/v1/new'].get.summary, 'Undocumented')
    assert.notExists(document.paths['/api/v1/*'])
  })
})

test.group('System / Swagger UI', () => {
  test('GET /api/docs is an HTML page that loads only local assets', async ({ client, assert }) => {
    const response = await client.get('/api/docs')
    response.assertStatus(200)
    assert.match(response.header('content-type') ?? '', /^text\/html/)
    const html = response.text()
    assert.include(html, 'SwaggerUIBundle(')
    assert.include(html, '"url":"/api/openapi.json"')

    const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1])
    assert.includeMembers(references, [
      '/api/docs/assets/swagger-ui-bundle.js',
      '/api/docs/assets/swagger-ui.css',
    ])
    for (const reference of references) {
      assert.match(reference, /^\/api\/docs\/assets\/[\w.-]+$/, `${reference} is not a local asset`)
      const asset = await client.get(reference)
      asset.assertStatus(200)
    }
    assert.notMatch(html, /https?:\/\/|\/\/cdn|unpkg|jsdelivr/)
  })

  test('assets come from swagger-ui-dist with their content type', async ({ client, assert }) => {
    const bundle = await client.get('/api/docs/assets/swagger-ui-bundle.js')
    bundle.assertStatus(200)
    assert.match(bundle.header('content-type') ?? '', /javascript/)
    assert.isAbove(Number(bundle.header('content-length')), 100_000)
    assert.exists(bundle.header('etag'))

    const css = await client.get('/api/docs/assets/swagger-ui.css')
    css.assertStatus(200)
    assert.match(css.header('content-type') ?? '', /text\/css/)
  })

  test('only allow-listed file names are served: no path traversal', async ({ client, assert }) => {
    const names = ['..%2F..%2Fpackage.json', '..%2F..%2F..%2F..%2Fpackage.json', 'index.html', 'package.json']
    for (const name of names) {
      const response = await client.get(`/api/docs/assets/${name}`)
      response.assertStatus(404)
      assert.deepEqual(response.body(), { error: { code: 'E_NOT_FOUND', message: 'Unknown asset' } })
    }
    // Un-encoded dot segments, sent as they are.
    const raw = await rawGet('/api/docs/assets/../../package.json')
    assert.equal(raw.status, 404)
    assert.notInclude(raw.body, '"dependencies"')
  })
})
