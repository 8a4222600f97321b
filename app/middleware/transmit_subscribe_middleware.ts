import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { channels } from '#services/realtime/channels'
import { liveSubscriptions } from '#services/realtime/live_subscriptions'

/**
 * Guards Transmit's subscribe route, keeping Transmit's plain protocol (no
 * JSON envelope): the caller must be signed in (bearer token, or the cookie
 * plus X-CSRF-Token) → else 401, and the channel must be one of ours → else
 * 400, as Transmit answers a refused channel. Per-channel rules live in
 * start/transmit.ts. Transmit itself lets unknown channels through, hence
 * this allow-list. An accepted subscription is recorded with its user
 * (live_subscriptions.ts), an unsubscribe forgets it.
 */
export default class TransmitSubscribeMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    try {
      await ctx.auth.authenticate()
    } catch {
      return ctx.response.unauthorized()
    }
    const channel: unknown = ctx.request.input('channel')
    const uid: unknown = ctx.request.input('uid')
    if (!channels.isKnown(channel) || typeof uid !== 'string') return ctx.response.badRequest()
    const unsubscribing = ctx.route?.pattern.endsWith('/unsubscribe')
    await next()
    if (unsubscribing) liveSubscriptions.remove(uid, channel)
    else if (ctx.response.getStatus() === 204) liveSubscriptions.add(uid, ctx.auth.user!.id, channel)
  }
}
