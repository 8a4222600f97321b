import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import ApiException from '#exceptions/api_exception'

/**
 * Guards Transmit's `GET /__transmit/events`: the stream needs the client's
 * own `uid` (one string). Transmit itself throws a bare error without it,
 * which surfaced as a 500; a caller's mistake is a 400 envelope.
 */
export default class TransmitStreamMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const uid: unknown = ctx.request.qs().uid
    if (typeof uid !== 'string' || uid.length === 0 || uid.length > 200) {
      throw ApiException.badRequest('Query parameter "uid" is required (a random id for this stream, at most 200 characters)')
    }
    return next()
  }
}
