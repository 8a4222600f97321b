import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { channels } from '#services/realtime/channels'

/**
 * Guards Transmit's subscribe route, keeping Transmit's plain protocol (no
 * JSON envelope): the caller must be signed in (bearer token, or the cookie
 * plus X-CSRF-Token) → else 401, and the channel must be one of ours → else
 * 400, as Transmit answers a refused channel. Per-channel rules live in
 * start/transmit.ts. Transmit itself lets unknown channels through, hence
 * this allow-list.
 */
export default class TransmitSubscribeMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    try {
      await ctx.auth.authenticate()
    } catch {
      return ctx.response.unauthorized()
    }
    if (!channels.isKnown(ctx.request.input('channel'))) return ctx.response.badRequest()
    return next()
  }
}
