import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import ApiException from '#exceptions/api_exception'
import bodyParserConfig from '#config/bodyparser'
import { docsModules } from '#openapi/registry'

const JSON_TYPES = bodyParserConfig.json.types
const MULTIPART = 'multipart/form-data'

/** Each documented API route's body type, as its OpenAPI entry says (JSON unless said otherwise). */
let bodyTypes: Map<string, string> | undefined
function bodyTypeOf(routeName: string | undefined) {
  bodyTypes ??= new Map(
    docsModules.flatMap((module) =>
      Object.entries(module.routes).map(([name, doc]) => [name, doc.bodyContentType ?? 'application/json'] as const)
    )
  )
  return routeName === undefined ? undefined : bodyTypes.get(routeName)
}

/**
 * One rule for every API route that carries a body (the contract: JSON in,
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
    // Undocumented routes are not the JSON API (admin forms, Transmit, the /api 404 catch-all).
    const bodyType = bodyTypeOf(route?.name)
    if (!bodyType || !request.hasBody()) return next()
    // An empty body is no body, whatever its Content-Type (fetch wrappers send
    // `Content-Type: application/json` on body-less POSTs such as accept or like).
    if (request.header('content-length') === '0') return next()
    // No Content-Type: only an empty body (some clients send an empty chunked one) is fine.
    if (!request.header('content-type')) {
      if (Number(request.header('content-length') ?? 0) > 0) throw ApiException.badRequest(`Content-Type must be ${bodyType}`)
      return next()
    }

    if (bodyType === MULTIPART) {
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
