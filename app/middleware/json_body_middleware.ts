import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import ApiException from '#exceptions/api_exception'
import bodyParserConfig from '#config/bodyparser'
import { docsModules } from '#openapi/registry'

const JSON_TYPES = bodyParserConfig.json.types
const MULTIPART = 'multipart/form-data'

/** Each API route's body type as its OpenAPI entry documents it (JSON unless said otherwise). */
let multipartRoutes: Set<string> | undefined
function takesMultipart(routeName: string | undefined) {
  multipartRoutes ??= new Set(
    docsModules.flatMap((module) =>
      Object.entries(module.routes)
        .filter(([, doc]) => doc.bodyContentType === MULTIPART)
        .map(([name]) => name)
    )
  )
  return routeName !== undefined && multipartRoutes.has(routeName)
}

/**
 * One rule for every /api route that carries a body (the contract: JSON in,
 * 400 E_BAD_REQUEST for a wrong content type or a malformed body):
 * - the Content-Type must be JSON, or multipart for the upload routes the
 *   OpenAPI document marks so (avatar, imports) — a text/plain body would
 *   otherwise reach the validators as `{}` and answer a misleading 422;
 * - a JSON body must be an object: an array or a bare value would be spread
 *   into the input as `{0: …}` and pass validators whose fields are optional.
 */
export default class JsonBodyMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const { request, route } = ctx
    if (!route?.pattern.startsWith('/api/') || !request.hasBody()) return next()

    if (takesMultipart(route.name)) {
      if (!request.is([MULTIPART])) throw ApiException.badRequest(`Content-Type must be ${MULTIPART}`)
      return next()
    }
    if (!request.is(JSON_TYPES)) throw ApiException.badRequest('Content-Type must be application/json')
    const body: unknown = request.body()
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw ApiException.badRequest('The JSON body must be an object')
    }
    return next()
  }
}
